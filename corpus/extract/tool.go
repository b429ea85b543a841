package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Debian packages of the external tools, named in ErrToolMissing errors.
const (
	pkgPoppler  = "poppler-utils"
	pkgCatdoc   = "catdoc"
	pkgAntiword = "antiword"
)

// maxStderr bounds the tool output kept in Error.Detail.
const maxStderr = 2 << 10

// limitedBuffer keeps at most max bytes and silently drops the rest.
type limitedBuffer struct {
	buf bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.buf.Len(); room > 0 {
		if len(p) > room {
			l.buf.Write(p[:room])
		} else {
			l.buf.Write(p)
		}
	}
	return len(p), nil
}

// toolResult is one run of an external program.
type toolResult struct {
	stdout []byte
	stderr string
	err    error // nil, or an *Error for missing tools and timeouts, or the exit error
}

// runTool runs prog with args under the tool timeout, reading stdout up to
// a limit tied to MaxBytes.
func (e *Extractor) runTool(ctx context.Context, name, prog, pkg string, args ...string) toolResult {
	bin, err := exec.LookPath(prog)
	if err != nil {
		return toolResult{err: newError(name, ErrToolMissing,
			fmt.Sprintf("%s not found: install the Debian package %s", prog, pkg), err)}
	}
	tctx, cancel := context.WithTimeout(ctx, e.opts.ToolTimeout)
	defer cancel()
	cmd := exec.CommandContext(tctx, bin, args...)
	out := &limitedBuffer{max: int(4 * e.opts.MaxBytes)}
	errb := &limitedBuffer{max: maxStderr}
	cmd.Stdout, cmd.Stderr = out, errb
	cmd.WaitDelay = time.Second
	cmd.Stdin = nil
	start := time.Now()
	err = cmd.Run()
	e.log.DebugContext(ctx, "tool ran", slog.String(logKeyTool, prog), slog.String(logKeyPath, name),
		slog.Duration("took", time.Since(start)), slog.Any(logKeyErr, err))
	res := toolResult{stdout: out.buf.Bytes(), stderr: strings.TrimSpace(validUTF8(errb.buf.Bytes()))}
	switch {
	case err == nil:
	case ctx.Err() != nil:
		res.err = newError(name, ErrCanceled, prog, ctx.Err())
	case tctx.Err() != nil:
		res.err = newError(name, ErrToolTimeout, fmt.Sprintf("%s ran past %s", prog, e.opts.ToolTimeout), tctx.Err())
	default:
		res.err = err
	}
	return res
}

// onDiskFile returns a path holding data: onDisk itself, or a temporary copy
// removed by the returned cleanup. Paths are made absolute so that a name
// starting with "-" is never read as an option.
func onDiskFile(onDisk, ext string, data []byte) (string, func(), error) {
	if onDisk != "" {
		abs, err := filepath.Abs(onDisk)
		if err != nil {
			return "", nil, fmt.Errorf("resolve path: %w", err)
		}
		return abs, func() {}, nil
	}
	f, err := os.CreateTemp("", "zhenggai-extract-*"+ext)
	if err != nil {
		return "", nil, fmt.Errorf("create temporary file: %w", err)
	}
	cleanup := func() { os.Remove(f.Name()) }
	if _, err := f.Write(data); err != nil {
		f.Close()
		cleanup()
		return "", nil, fmt.Errorf("write temporary file: %w", err)
	}
	if err := f.Close(); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("close temporary file: %w", err)
	}
	return f.Name(), cleanup, nil
}

// pdf runs pdftotext -enc UTF-8 FILE -. It is not run with -q, which would
// silence the messages a broken PDF gets: stderr goes into Error.Detail.
func (e *Extractor) pdf(ctx context.Context, name, onDisk string, data []byte) (*Document, error) {
	file, cleanup, err := onDiskFile(onDisk, ".pdf", data)
	if err != nil {
		return nil, newError(name, ErrUnreadable, "", err)
	}
	defer cleanup()
	res := e.runTool(ctx, name, e.opts.PdftotextPath, pkgPoppler, "-enc", "UTF-8", file, "-")
	if res.err != nil {
		if xe, ok := errors.AsType[*Error](res.err); ok {
			return nil, xe
		}
		return nil, newError(name, ErrCorrupt, toolDetail("pdftotext", res.stderr), res.err)
	}
	text := normalizeNewlines(validUTF8(res.stdout))
	if strings.TrimSpace(text) == "" {
		return nil, newError(name, ErrNoTextLayer, "pdftotext found no text: a scan needs OCR", nil)
	}
	return &Document{Text: strings.TrimRight(text, "\n"), Encoding: EncUTF8}, nil
}

// doc runs catdoc, then antiword when catdoc is missing, fails or finds no
// text.
func (e *Extractor) doc(ctx context.Context, name, onDisk string, data []byte) (*Document, error) {
	file, cleanup, err := onDiskFile(onDisk, ".doc", data)
	if err != nil {
		return nil, newError(name, ErrUnreadable, "", err)
	}
	defer cleanup()
	var (
		details    []string
		firstErr   error
		missingErr *Error
	)
	tools := []struct {
		prog, pkg string
		args      []string
	}{
		{e.opts.CatdocPath, pkgCatdoc, []string{"-d", "utf-8", "-w", file}},
		{e.opts.AntiwordPath, pkgAntiword, []string{"-m", "UTF-8.txt", "-w", "0", file}},
	}
	missing := 0
	for _, t := range tools {
		res := e.runTool(ctx, name, t.prog, t.pkg, t.args...)
		if res.err != nil {
			xe, ok := errors.AsType[*Error](res.err)
			switch {
			case ok && xe.Reason == ErrToolMissing:
				missing++
				if missingErr == nil {
					missingErr = xe
				}
				continue
			case ok:
				return nil, xe // timeout or canceled
			}
			details = append(details, toolDetail(filepath.Base(t.prog), res.stderr))
			if firstErr == nil {
				firstErr = res.err
			}
			e.log.DebugContext(ctx, "word tool failed, trying the next", slog.String(logKeyTool, t.prog),
				slog.String(logKeyPath, name), slog.Any(logKeyErr, res.err))
			continue
		}
		text := strings.TrimRight(normalizeNewlines(validUTF8(res.stdout)), "\n")
		if strings.TrimSpace(text) != "" {
			return &Document{Text: text, Encoding: EncUTF8}, nil
		}
		details = append(details, filepath.Base(t.prog)+": no text")
	}
	if missing == len(tools) {
		return nil, newError(name, ErrToolMissing,
			"neither catdoc nor antiword found: install the Debian package catdoc (or antiword)", missingErr.Err)
	}
	if len(details) > 0 && firstErr == nil {
		return nil, newError(name, ErrEmpty, strings.Join(details, "; "), nil)
	}
	return nil, newError(name, ErrCorrupt, strings.Join(details, "; "), firstErr)
}

func toolDetail(prog, stderr string) string {
	if stderr == "" {
		return prog + " failed"
	}
	return prog + ": " + stderr
}
