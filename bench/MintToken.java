import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * For the benchmarks: generates an RSA key, writes its public JWKS to DIR/jwks.json and prints RS256 tokens for
 * ISSUER and AUDIENCE with the given groups, one a line. With --count N, N tokens with distinct subjects (bench-1 ..
 * bench-N), so that a client pool sends N distinct tokens as N callers would; --valid-seconds sets their lifetime
 * (default one hour; a benchmark longer than that needs more, or its last runs would be answered 401).
 *   usage: java -cp nimbus-jose-jwt.jar MintToken.java [--count N] [--valid-seconds S] DIR ISSUER AUDIENCE GROUP...
 */
public class MintToken {

    public static void main(String[] args) throws Exception {
        int count = 1;
        long validSeconds = 3600;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty() && rest.get(0).startsWith("--")) {
            String option = rest.remove(0);
            switch (option) {
                case "--count" -> count = Integer.parseInt(rest.remove(0));
                case "--valid-seconds" -> validSeconds = Long.parseLong(rest.remove(0));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        Path dir = Path.of(rest.get(0));
        String issuer = rest.get(1);
        String audience = rest.get(2);
        List<String> groups = rest.subList(3, rest.size());
        RSAKey key =
                new RSAKeyGenerator(2048).keyID("bench-" + UUID.randomUUID()).generate();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("jwks.json"), new JWKSet(key.toPublicJWK()).toString());
        RSASSASigner signer = new RSASSASigner(key);
        long now = System.currentTimeMillis();
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            String subject = count == 1 ? "bench" : "bench-" + i;
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(issuer)
                    .audience(audience)
                    .subject(subject)
                    .claim("upn", subject + "@example.com")
                    .claim("groups", groups)
                    .issueTime(new Date(now))
                    .expirationTime(new Date(now + validSeconds * 1000))
                    .build();
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims);
            jwt.sign(signer);
            out.append(jwt.serialize()).append('\n');
        }
        System.out.print(out);
    }
}
