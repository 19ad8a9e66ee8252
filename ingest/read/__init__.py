"""Reading input files as people have them: list the folder, open each entry safely within
bounds, decode text in any common encoding, turn a PDF into layout text. One job per module."""
