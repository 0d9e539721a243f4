#!/usr/bin/env bash
# Turns a PEM bundle of CA certificates (Amazon RDS's global bundle,
# https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem, see
# https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html) into a PKCS12 trust store that
# needs no password: the Containerfile builds /opt/backend/rds-ca.p12 with it, which the service gives Connector/J
# to verify the database's certificate (DB_SSL_TRUSTSTORE, sslMode=VERIFY_IDENTITY).
#
#   rds-truststore.sh <bundle.pem> <truststore.p12>
#
# keytool -importcert imports one certificate per call, so the bundle is split and every certificate imported
# under its own alias (rds-ca-001, ...); the count is checked at the end. The store is written without certificate
# encryption and without an integrity MAC (keystore.pkcs12.certProtectionAlgorithm=NONE, macAlgorithm=NONE, JDK's
# PKCS12 properties), so KeyStore.load() reads it with an empty or a null password: it holds public certificates
# only, and a password in the image or the task definition would protect nothing. The -storepass keytool insists
# on is therefore not kept anywhere.
set -euo pipefail

[ $# = 2 ] || { echo "usage: $0 <bundle.pem> <truststore.p12>" >&2; exit 2; }
bundle=$1
out=$2
KEYTOOL=${KEYTOOL:-keytool}
# Only for keytool's prompt; with neither encryption nor MAC it protects nothing.
storepass=unused-no-mac-no-encryption
no_protection=(-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE -J-Dkeystore.pkcs12.macAlgorithm=NONE)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One file per certificate; anything between certificates (comments, blank lines) is dropped.
awk -v dir="$work" '
  /-----BEGIN CERTIFICATE-----/ { n++; file = sprintf("%s/cert-%03d.pem", dir, n); inside = 1 }
  inside { print > file }
  /-----END CERTIFICATE-----/ { inside = 0; close(file) }
' "$bundle"
certificates=$(find "$work" -name 'cert-*.pem' | wc -l)
[ "$certificates" -gt 0 ] || { echo "$0: no certificate in $bundle" >&2; exit 1; }

rm -f "$out.tmp"
for cert in "$work"/cert-*.pem; do
  n=${cert##*/cert-}
  if ! message=$("$KEYTOOL" "${no_protection[@]}" -importcert -noprompt -storetype PKCS12 -keystore "$out.tmp" \
      -storepass "$storepass" -alias "rds-ca-${n%.pem}" -file "$cert" 2>&1); then
    echo "$0: ${cert##*/}: $message" >&2
    exit 1
  fi
done

imported=$("$KEYTOOL" -list -storetype PKCS12 -keystore "$out.tmp" -storepass "$storepass" | grep -c 'trustedCertEntry')
[ "$imported" = "$certificates" ] || { echo "$0: $imported of $certificates certificates imported" >&2; exit 1; }
chmod 644 "$out.tmp"
mv "$out.tmp" "$out"
echo "$out: $imported CA certificates, no password"
