import ServiceKit

await ServiceMain.run(service: "intake", migrations: IntakeMigrations.all, wire: Wiring.wire)
