// `npm run worker`: the same process entry with ROLE=worker unless the environment says otherwise.
process.env.ROLE ??= "worker";
await import("./main.js");
