package memcap

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/cmd/zhenggai/memcap/memcaptest"
)

const (
	v1Mounts = "34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n" +
		"31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
	v2Mounts     = "29 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup2 rw,nsdelegate\n"
	v1Unlimited  = "9223372036854771712\n"
	hybridMounts = v1Mounts + "40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"
)

func TestRead(t *testing.T) {
	for _, tc := range []struct {
		name    string
		files   map[string]string
		want    int64 // 0: none
		wantIn  string
		wantErr string
	}{
		{
			name: "v2 unit limit, parent lower",
			files: map[string]string{
				"proc/self/cgroup":    "0::/system.slice/zhenggai.service\n",
				"proc/self/mountinfo": v2Mounts,
				"sys/fs/cgroup/system.slice/zhenggai.service/memory.max": "2147483648\n",
				"sys/fs/cgroup/system.slice/memory.max":                  "1342177280\n",
			},
			want: 1342177280, wantIn: "system.slice/memory.max",
		},
		{
			name: "v2 max everywhere",
			files: map[string]string{
				"proc/self/cgroup":                    "0::/user.slice\n",
				"proc/self/mountinfo":                 v2Mounts,
				"sys/fs/cgroup/user.slice/memory.max": "max\n",
			},
		},
		{
			name: "v1 nested group, ancestors unlimited",
			files: map[string]string{
				"proc/self/cgroup":    "4:memory:/process_api/abc/zg\n1:cpu:/\n0::/\n",
				"proc/self/mountinfo": hybridMounts,
				"sys/fs/cgroup/memory/process_api/abc/zg/memory.limit_in_bytes": "1342177280\n",
				"sys/fs/cgroup/memory/process_api/abc/memory.limit_in_bytes":    v1Unlimited,
				"sys/fs/cgroup/memory/process_api/memory.limit_in_bytes":        v1Unlimited,
				"sys/fs/cgroup/memory/memory.limit_in_bytes":                    v1Unlimited,
			},
			want: 1342177280, wantIn: "process_api/abc/zg/memory.limit_in_bytes",
		},
		{
			name: "v1 container: the mount shows the process's own group",
			files: map[string]string{
				"proc/self/cgroup":                           "9:memory:/docker/0123\n",
				"proc/self/mountinfo":                        "50 40 0:44 /docker/0123 /sys/fs/cgroup/memory ro - cgroup cgroup rw,memory\n",
				"sys/fs/cgroup/memory/memory.limit_in_bytes": "1073741824\n",
			},
			want: 1 << 30, wantIn: "sys/fs/cgroup/memory/memory.limit_in_bytes",
		},
		{
			name: "no limit anywhere (v1 unlimited)",
			files: map[string]string{
				"proc/self/cgroup":                           "4:memory:/\n",
				"proc/self/mountinfo":                        v1Mounts,
				"sys/fs/cgroup/memory/memory.limit_in_bytes": v1Unlimited,
			},
		},
		{
			name:  "no /proc (not Linux)",
			files: map[string]string{"etc/hostname": "x\n"},
		},
		{
			name: "a limit file that is not a number",
			files: map[string]string{
				"proc/self/cgroup":           "0::/a\n",
				"proc/self/mountinfo":        v2Mounts,
				"sys/fs/cgroup/a/memory.max": "lots\n",
			},
			wantErr: `"lots" is not a number of bytes`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lim, ok, err := Read(memcaptest.Tree(t, tc.files))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want one saying %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ok != (tc.want != 0) || lim.Bytes != tc.want {
				t.Fatalf("limit %d (ok %v), want %d", lim.Bytes, ok, tc.want)
			}
			if ok && !strings.HasSuffix(filepath.ToSlash(lim.File), tc.wantIn) {
				t.Errorf("read from %s, want …%s", lim.File, tc.wantIn)
			}
		})
	}
}

func TestUnescape(t *testing.T) {
	if got := unescape(`/mnt/my\040disk`); got != "/mnt/my disk" {
		t.Errorf("unescape = %q", got)
	}
	if got := unescape(`/a\b`); got != `/a\b` {
		t.Errorf("unescape = %q", got)
	}
}
