print("Intake")
