print("Dispatch")
