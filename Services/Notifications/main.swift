print("Notifications")
