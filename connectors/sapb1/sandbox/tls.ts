// The self-signed certificate of `--tls`. Until the sandbox kit's in-process certificate lands this reuses
// the one generator the repository has (Sage 300's), so there is one way to make it.
export { selfSignedCertificate } from '../../sage300/sandbox/tls.ts';
