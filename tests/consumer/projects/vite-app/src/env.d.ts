interface ImportMetaEnv {
  readonly VITE_SIGNER_URL: string
}
