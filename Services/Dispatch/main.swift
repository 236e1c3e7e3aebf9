import ServiceKit

await ServiceMain.run(service: "dispatch", migrations: DispatchMigrations.all, wire: Wiring.wire)
