print("axis-sim")
