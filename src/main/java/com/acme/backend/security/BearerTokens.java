package com.acme.backend.security;

import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;

import com.acme.backend.config.SecretsChanged;

/**
 * The application's {@link TokenVerifier}, with the settings read from MicroProfile Config (environment or secrets
 * file), and read again at once when the secrets file changes.
 */
@ApplicationScoped
public class BearerTokens {

    private TokenVerifier verifier;

    @PostConstruct
    void create() {
        ClassLoader loader = BearerTokens.class.getClassLoader();
        verifier = new TokenVerifier(() -> TokenSettings.read(ConfigProvider.getConfig(loader)), System::nanoTime,
                System::currentTimeMillis);
    }

    void secretsChanged(@Observes SecretsChanged change) {
        verifier.settingsChanged();
    }

    Optional<VerifiedToken> verify(String token) {
        return verifier.verify(token);
    }
}
