print("Routing")
