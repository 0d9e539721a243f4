import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * For the benchmarks: generates an RSA key, writes its public JWKS to DIR/jwks.json and prints a one-hour RS256
 * token for ISSUER and AUDIENCE with the given groups.
 *   usage: java -cp nimbus-jose-jwt.jar MintToken.java DIR ISSUER AUDIENCE GROUP...
 */
public class MintToken {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        RSAKey key = new RSAKeyGenerator(2048).keyID("bench-" + UUID.randomUUID()).generate();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("jwks.json"), new JWKSet(key.toPublicJWK()).toString());
        long now = System.currentTimeMillis();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(args[1]).audience(args[2]).subject("bench")
                .claim("upn", "bench@example.com")
                .claim("groups", List.of(args).subList(3, args.length))
                .issueTime(new Date(now)).expirationTime(new Date(now + 3_600_000)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        System.out.println(jwt.serialize());
    }
}
