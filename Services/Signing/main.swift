print("Signing")
