// Messaging module
