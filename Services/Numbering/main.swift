print("Numbering")
