import ServiceKit

// Two batches at a time by default: each one holds its register counter's row lock until it commits, so more
// would only wait on the lock, holding messages that could have joined the next batch (one commit for them all).
await ServiceMain.run(service: "numbering", migrations: NumberingMigrations.all, defaultConcurrency: 2, wire: Wiring.wire)
