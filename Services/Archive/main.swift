import ServiceKit

await ServiceMain.run(service: "archive", migrations: ArchiveMigrations.all, wire: Wiring.wire)
