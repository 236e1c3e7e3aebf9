print("Archive")
