// BlobStore module
