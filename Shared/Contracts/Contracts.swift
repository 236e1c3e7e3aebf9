// Contracts module
