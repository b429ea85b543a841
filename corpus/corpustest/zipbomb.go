package corpustest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"strings"
)

// ZipBombInflated is what the document.xml of ZipBomb inflates to: 1 GiB,
// five times the extractor's default cap.
const ZipBombInflated = 1 << 30

// ZipBomb returns a .docx of about a megabyte whose word/document.xml
// inflates to ZipBombInflated bytes of well-formed XML (an opening tag and
// spaces). Its zip headers state the true sizes and CRC, so only a reader
// that counts while inflating stops it in time.
//
// It is built without compressing a gigabyte: the deflate stream of one
// mebibyte of spaces, cut at a sync flush, decodes the same after any
// earlier run of spaces, so it is repeated.
func ZipBomb() []byte {
	const chunk = 1 << 20
	head := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>`
	first := head + strings.Repeat(" ", chunk-len(head))
	spaces := []byte(strings.Repeat(" ", chunk))

	var stream bytes.Buffer
	fw, err := flate.NewWriter(&stream, flate.BestCompression)
	if err != nil {
		panic("corpustest: flate writer: " + err.Error())
	}
	mustWrite := func(b []byte) {
		if _, err := fw.Write(b); err != nil {
			panic("corpustest: deflate: " + err.Error())
		}
		if err := fw.Flush(); err != nil {
			panic("corpustest: deflate flush: " + err.Error())
		}
	}
	mustWrite([]byte(first))
	n1 := stream.Len()
	mustWrite(spaces)
	n2 := stream.Len()
	if err := fw.Close(); err != nil {
		panic("corpustest: deflate close: " + err.Error())
	}
	start := append([]byte(nil), stream.Bytes()[:n1]...)
	repeat := append([]byte(nil), stream.Bytes()[n1:n2]...)
	tail := append([]byte(nil), stream.Bytes()[n2:]...)

	chunks := ZipBombInflated / chunk
	crc := crc32.ChecksumIEEE([]byte(first))
	var data bytes.Buffer
	data.Grow(len(start) + len(repeat)*(chunks-1) + len(tail))
	data.Write(start)
	for range chunks - 1 {
		data.Write(repeat)
		crc = crc32.Update(crc, crc32.IEEETable, spaces)
	}
	data.Write(tail)

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range [][2]string{
		{"[Content_Types].xml", docxContentTypes},
		{"_rels/.rels", docxRels},
	} {
		w, err := zw.Create(f[0])
		if err != nil {
			panic("corpustest: zip create: " + err.Error())
		}
		if _, err := w.Write([]byte(f[1])); err != nil {
			panic("corpustest: zip write: " + err.Error())
		}
	}
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name:               "word/document.xml",
		Method:             zip.Deflate,
		CRC32:              crc,
		CompressedSize64:   uint64(data.Len()),
		UncompressedSize64: ZipBombInflated,
	})
	if err != nil {
		panic("corpustest: zip create raw: " + err.Error())
	}
	if _, err := w.Write(data.Bytes()); err != nil {
		panic("corpustest: zip write raw: " + err.Error())
	}
	if err := zw.Close(); err != nil {
		panic("corpustest: zip close: " + err.Error())
	}
	return buf.Bytes()
}
