import ServiceKit

await ServiceMain.run(service: "signing", migrations: SigningMigrations.all, wire: Wiring.wire)
