import ServiceKit

await ServiceMain.run(service: "notifications", migrations: NotificationsMigrations.all, wire: Wiring.wire)
