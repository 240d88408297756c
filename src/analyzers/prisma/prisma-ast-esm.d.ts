// The ES module build of @mrleebo/prisma-ast has the same API as its typed CommonJS entry (see read-prisma-schema.ts).
declare module "@mrleebo/prisma-ast/dist/prisma-ast.esm.js" {
  export * from "@mrleebo/prisma-ast";
}
