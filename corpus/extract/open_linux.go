package extract

import (
	"os"
	"syscall"
)

// pseudoMagic names the pseudo file systems (statfs(2) f_type) whose files
// report a size that says nothing of what a read returns.
var pseudoMagic = map[int64]string{
	0x9fa0:     "procfs",
	0x62656572: "sysfs",
	0x64626720: "debugfs",
	0x74726163: "tracefs",
	0x27e0eb:   "cgroupfs",
	0x63677270: "cgroup2fs",
	0x73636673: "securityfs",
	0xcafe4a11: "bpffs",
	0x6e736673: "nsfs",
	0x1cd1:     "devpts",
	0x42494e4d: "binfmt_misc",
	0x6165676c: "pstorefs",
	0xde5e81e4: "efivarfs",
	0x67596969: "rpc_pipefs",
	0x19800202: "mqueue",
	0x1373:     "devfs",
}

// openNonBlocking opens path for reading with O_NONBLOCK, so that opening a
// FIFO with no writer returns at once instead of waiting forever.
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

// pseudoFS names the pseudo file system f lives on, or "".
func pseudoFS(f *os.File) string {
	rc, err := f.SyscallConn()
	if err != nil {
		return ""
	}
	var st syscall.Statfs_t
	var serr error
	if err := rc.Control(func(fd uintptr) { serr = syscall.Fstatfs(int(fd), &st) }); err != nil || serr != nil {
		return ""
	}
	return pseudoMagic[int64(st.Type)]
}
