// The certificate of `--tls`: the sandbox kit's in-process self-signed one (ECDSA P-256, once per process).
export { sandboxCertificate as selfSignedCertificate } from '../../kit/sandbox/certificate.ts';
