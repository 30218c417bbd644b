/** The one function of swagger2openapi (no published types) that generate-argo-client.ts uses. */
declare module 'swagger2openapi' {
  const swagger2openapi: {
    convertObj(
      swagger: unknown,
      options: { patch?: boolean; warnOnly?: boolean },
    ): Promise<{ openapi: import('openapi-typescript').OpenAPI3 }>;
  };
  export default swagger2openapi;
}
