// PDFSign module
