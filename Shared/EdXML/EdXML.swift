// EdXML module
