// Single fetch's types (ADR 022): loaders and actions answer with `data()`, and
// useLoaderData / useActionData see the value inside it. A module (the import), so this augments
// Remix's `Future` rather than replacing the module.
import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
