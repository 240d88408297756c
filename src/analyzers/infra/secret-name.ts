// Whether a variable name says it holds a secret (DL3064's idea, shared by Dockerfiles and Terraform).

/** Name segments that denote a secret value. `KEY` alone is a segment: `API_KEY`, `SSH_KEY`, `SECRET_KEY_BASE`. */
const secretSegments = new Set([
  "PASSWORD",
  "PASSWD",
  "PASSPHRASE",
  "SECRET",
  "SECRETS",
  "TOKEN",
  "APIKEY",
  "KEY",
  "CREDENTIALS",
]);

/**
 * Segments that make the name a pointer to a secret or a public value: `SECRET_FILE`, `TOKEN_URL`,
 * `ACCESS_KEY_ID`, `GPG_KEY` (official images pin release-signing fingerprints in it), `PUBLIC_KEY`.
 */
const harmlessSegments = new Set([
  "FILE",
  "FILES",
  "PATH",
  "PATHS",
  "DIR",
  "URL",
  "URI",
  "ENDPOINT",
  "ID",
  "NAME",
  "SERVER",
  "HOST",
  "PORT",
  "GPG",
  "PGP",
  "PUBLIC",
  "PUB",
  "LENGTH",
  "SIZE",
  "TYPE",
]);

export function isSecretName(name: string): boolean {
  // `dbPassword` and `DB_PASSWORD` both split into DB + PASSWORD; `TOKENIZERS_PARALLELISM` does not match.
  const segments = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((segment) => segment !== "");
  return (
    segments.some((segment) => secretSegments.has(segment)) &&
    !segments.some((segment) => harmlessSegments.has(segment))
  );
}
