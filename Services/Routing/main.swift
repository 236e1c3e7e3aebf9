import ServiceKit

await ServiceMain.run(service: "routing", migrations: RoutingMigrations.all, wire: Wiring.wire)
