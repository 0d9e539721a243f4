package it.com.acme.backend;

import it.com.acme.backend.support.Servers;
import java.net.URI;

/**
 * The users API contract with {@code AUTH_MODE=none}, on the server with the embedded database: no token, and
 * every operation still behaves as the contract says, so both authentication modes stay covered.
 */
class UsersContractWithoutAuthIT extends UsersContractIT {

    @Override
    URI server() {
        return Servers.embedded();
    }

    @Override
    String token() {
        return null;
    }

    @Override
    boolean usesTestDatabase() {
        return false;
    }
}
