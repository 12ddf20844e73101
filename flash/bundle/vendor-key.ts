// The Ed25519 public key the firmware trusts for OTA bundles, compiled into the binary. This is
// the development key pair's public half (its private half is flash/keys/
// development-only-signing-key.pem); a release build replaces it with the vendor's key.
export const VENDOR_PUBLIC_KEY = "R4VgSyMfpmQzCe9NTnIweuYa9RWVciUE/H1c/UDnsRQ=";
