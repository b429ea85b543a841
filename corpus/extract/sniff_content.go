package extract

// SniffContent returns the format data's content alone says it is (pdf,
// doc, docx, html or txt), ignoring any file name: the first step of the
// sniffing every read does. It lets a caller notice that a name's
// extension disagrees with the content (a plain text named .html).
func SniffContent(data []byte) (string, error) {
	return sniffFormat("", data)
}
