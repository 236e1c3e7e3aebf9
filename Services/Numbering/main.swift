import ServiceKit

await ServiceMain.run(service: "numbering", migrations: NumberingMigrations.all, wire: Wiring.wire)
