package extract_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/corpus/extract"
)

// readWithin runs Read and fails the test when it does not return in time
// (a FIFO opened for reading without a writer blocks forever).
func readWithin(t *testing.T, x *extract.Extractor, path string) ([]byte, error) {
	t.Helper()
	type res struct {
		data []byte
		err  error
	}
	ch := make(chan res, 1)
	go func() {
		data, err := x.Read(context.Background(), path)
		ch <- res{data, err}
	}()
	select {
	case r := <-ch:
		return r.data, r.err
	case <-time.After(10 * time.Second):
		t.Fatalf("Read(%s) did not return within 10s", path)
		return nil, nil
	}
}

func wantUnsupported(t *testing.T, err error, path string) {
	t.Helper()
	var xe *extract.Error
	if !errors.As(err, &xe) || !errors.Is(err, extract.ErrUnsupported) {
		t.Fatalf("Read(%s) = %v, want an unsupported *extract.Error", path, err)
	}
	t.Logf("%s: %v", path, err)
}

func TestReadRefusesProcfsWithoutReadingIt(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("procfs is Linux's")
	}
	x := extract.New(extract.Options{MaxBytes: 1 << 20}, nil)
	dir := t.TempDir()
	link := filepath.Join(dir, "notes.txt")
	if err := os.Symlink("/proc/self/pagemap", link); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/proc/self/pagemap", "/proc/self/status", link, "/sys/kernel/mm/transparent_hugepage/enabled"} {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := readWithin(t, x, p)
		runtime.ReadMemStats(&after)
		wantUnsupported(t, err, p)
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
			t.Errorf("Read(%s) allocated %d bytes before refusing", p, grew)
		}
		if _, err := x.File(context.Background(), p); !errors.Is(err, extract.ErrUnsupported) {
			t.Errorf("File(%s) = %v, want unsupported", p, err)
		}
	}
}

func TestReadRefusesFIFOWithoutBlocking(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	// Should the read block anyway, open the writer end so the goroutine ends.
	t.Cleanup(func() {
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
	x := extract.New(extract.Options{}, nil)
	_, err := readWithin(t, x, fifo)
	wantUnsupported(t, err, fifo)
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	_, err = readWithin(t, x, link)
	wantUnsupported(t, err, link)
}

func TestReadRefusesDevicesAndFolders(t *testing.T) {
	x := extract.New(extract.Options{}, nil)
	for _, p := range []string{"/dev/zero", "/dev/null", t.TempDir()} {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		_, err := readWithin(t, x, p)
		wantUnsupported(t, err, p)
	}
}

func TestReadIsBounded(t *testing.T) {
	x := extract.New(extract.Options{MaxBytes: 1000}, nil)
	p := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(p, make([]byte, 1001), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := x.Read(context.Background(), p); !errors.Is(err, extract.ErrTooLarge) {
		t.Fatalf("Read of 1001 bytes with a 1000-byte cap = %v, want too_large", err)
	}
	if err := os.WriteFile(p, []byte("整改"), 0o600); err != nil {
		t.Fatal(err)
	}
	data, err := x.Read(context.Background(), p)
	if err != nil || string(data) != "整改" {
		t.Fatalf("Read = %q, %v", data, err)
	}
}
