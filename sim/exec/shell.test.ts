import { describe, expect, it } from 'vitest';
import { missingPrograms } from './commands';
import { bufferedInput, INTR } from './shell';
import { containerOf, fakeTerm, lookupOf, runIn, testPod } from './test-helpers';

const busybox = (): ReturnType<typeof containerOf> =>
  containerOf(
    testPod({ image: 'busybox:1.36', command: ['sh', '-c', 'while true; do sleep 1; done'] }),
  );
const java = (): ReturnType<typeof containerOf> =>
  containerOf(
    testPod({
      image: 'registry.wharf.local/haierpsi/foo:2026-11-20-10-15_3f9c2ab',
      env: [{ name: 'JAVA_OPTS', value: '-XX:MaxRAMPercentage=75.0' }],
    }),
  );
const nginx = (): ReturnType<typeof containerOf> => containerOf(testPod({ image: 'nginx:1.27.3' }));

const sh = (ctr: ReturnType<typeof containerOf>, script: string, stdin?: string) =>
  runIn(ctr, ['sh', '-c', script], { stdin });

describe('sh -c', () => {
  it('runs lists with ; && || and exit codes', async () => {
    const ctr = busybox();
    expect(await sh(ctr, 'echo a; echo b && echo c || echo d')).toEqual({
      code: 0,
      out: 'a\nb\nc\n',
      err: '',
    });
    expect((await sh(ctr, 'false || echo recovered')).out).toBe('recovered\n');
    expect((await sh(ctr, 'false && echo never')).code).toBe(1);
    expect((await sh(ctr, 'exit 3')).code).toBe(3);
    expect((await sh(ctr, 'exit 300')).code).toBe(44);
    expect((await sh(ctr, 'true; exit')).code).toBe(0);
    expect((await sh(ctr, 'false; echo $?')).out).toBe('1\n');
  });

  it('quotes and expands like a POSIX shell', async () => {
    const ctr = busybox();
    expect((await sh(ctr, `X='a b'; echo "$X" '$X' \\$X "\${X}c" $X`)).out).toBe(
      'a b $X $X a bc a b\n',
    );
    expect((await sh(ctr, 'echo "it\'s" \'say "hi"\' back\\ slash')).out).toBe(
      `it's say "hi" back slash\n`,
    );
    expect((await sh(ctr, 'echo ${UNSET:-fallback} ${HOSTNAME:+set} "" x')).out).toBe(
      'fallback set  x\n',
    );
    expect((await sh(ctr, 'echo $(echo nested $(hostname)) `echo tick`')).out).toBe(
      'nested web-5d7f8c9b7d-x2x4z tick\n',
    );
    expect((await runIn(ctr, ['sh', '-c', 'echo $0 $1 $#', 'name', 'one'])).out).toBe(
      'name one 1\n',
    );
    expect((await sh(ctr, 'cd /tmp && echo ~ $PWD')).out).toBe('/root /tmp\n');
  });

  it('sees the pod env: spec values, ConfigMap/Secret refs, downward API, service links', async () => {
    const pod = testPod({
      image: 'alpine:3.20',
      env: [
        { name: 'PLAIN', value: 'v1' },
        { name: 'REF', value: 'x-$(PLAIN)' },
        { name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'level' } } },
        { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
        { name: 'POD_NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      ],
      envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }],
    });
    const lookup = lookupOf([
      { kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop' }, data: { level: 'debug' } },
      {
        kind: 'Secret',
        metadata: { name: 'db', namespace: 'shop' },
        data: { password: Buffer.from('s3cret').toString('base64') },
      },
      {
        kind: 'Service',
        metadata: { name: 'api-gw', namespace: 'shop' },
        spec: { clusterIP: '10.96.4.2', ports: [{ port: 80, protocol: 'TCP' }] },
      },
    ]);
    const ctr = containerOf(pod, lookup);
    const r = await sh(
      ctr,
      'echo $PLAIN $REF $FROM_CM $FROM_SECRET $POD_NS $CFG_level $HOSTNAME $HOME',
    );
    expect(r.out).toBe('v1 x-v1 debug s3cret shop debug web-5d7f8c9b7d-x2x4z /root\n');
    const env = (await runIn(ctr, ['env'])).out;
    expect(env.split('\n')[0]).toMatch(/^PATH=/);
    expect(env).toContain('KUBERNETES_SERVICE_HOST=10.96.0.1\n');
    expect(env).toContain('API_GW_SERVICE_HOST=10.96.4.2\n');
    expect(env).toContain('API_GW_PORT_80_TCP_ADDR=10.96.4.2\n');
    expect((await runIn(ctr, ['printenv', 'PLAIN', 'NOPE'])).code).toBe(1);
  });

  it('redirects to and from files, and files persist in the container', async () => {
    const ctr = busybox();
    expect((await sh(ctr, 'echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f')).out).toBe(
      'one\ntwo\n',
    );
    expect((await sh(ctr, 'wc -l < /tmp/f')).out).toBe('2\n');
    expect((await sh(ctr, 'cat /tmp/f')).out).toBe('one\ntwo\n');
    expect((await sh(ctr, 'ls /nope 2>&1 >/dev/null')).out).toBe(
      'ls: /nope: No such file or directory\n',
    );
    expect((await sh(ctr, 'echo hidden > /dev/null; echo err 1>&2')).err).toBe('err\n');
    const bad = await sh(ctr, 'echo x > /no/such/dir/file');
    expect(bad.code).toBe(1);
    expect(bad.err).toBe("sh: can't create /no/such/dir/file: nonexistent directory\n");
  });

  it('pipes into cat, wc -l, grep and head', async () => {
    const ctr = nginx();
    expect((await sh(ctr, 'printf "a\\nb\\nc\\n" | wc -l')).out).toBe('3\n');
    expect((await sh(ctr, 'cat /etc/passwd | grep -c nologin')).out).toMatch(/^\d+\n$/);
    expect((await sh(ctr, 'seq 1 100 | head -n 3 | tail -1')).out).toBe('3\n');
    expect((await sh(ctr, 'echo hi | cat | cat')).out).toBe('hi\n');
    expect((await sh(ctr, 'echo hi | grep -q nope')).code).toBe(1);
    expect((await sh(ctr, '! false')).code).toBe(0);
  });

  it('runs if/while/for', async () => {
    const ctr = busybox();
    expect((await sh(ctr, 'for i in 1 2 3; do echo n$i; done')).out).toBe('n1\nn2\nn3\n');
    expect((await sh(ctr, 'if [ -d /tmp ]; then echo dir; else echo no; fi')).out).toBe('dir\n');
    expect((await sh(ctr, 'i=0; while [ $i -lt 3 ]; do echo loop$i; i=$((i + 1)); done')).out).toBe(
      'loop0\nloop1\nloop2\n',
    );
    expect((await sh(ctr, 'echo $(( (2 + 3) * 4 % 7 )) $((10 / 0))')).code).toBe(2);
    expect((await sh(ctr, 'echo $(( (2 + 3) * 4 % 7 ))')).out).toBe('6\n');
    expect((await sh(ctr, 'for f in /etc/host*; do echo $f; done')).out).toBe(
      '/etc/hostname\n/etc/hosts\n',
    );
  });

  it('reports unknown commands and syntax errors per shell flavour', async () => {
    expect(await sh(busybox(), 'foo')).toEqual({ code: 127, out: '', err: 'sh: foo: not found\n' });
    expect((await sh(java(), 'foo')).err).toBe('sh: 1: foo: not found\n');
    expect(await runIn(java(), ['bash', '-c', 'foo'])).toEqual({
      code: 127,
      out: '',
      err: 'bash: line 1: foo: command not found\n',
    });
    expect((await sh(busybox(), 'echo "unterminated')).code).toBe(2);
    expect((await sh(java(), 'fi')).err).toBe('sh: 1: Syntax error: "fi" unexpected\n');
    expect((await runIn(busybox(), ['bash', '-c', 'echo'])).err).toContain('No such file');
  });

  it('implements test / [ with kube-ish error messages', async () => {
    const ctr = java();
    expect(
      (await sh(ctr, '[ -f /app/app.jar ] && [ ! -e /nope ] && [ abc = abc ] && [ 3 -gt 2 ]')).code,
    ).toBe(0);
    expect((await sh(ctr, '[ -z "" ] && [ -n x ] && test -d /app')).code).toBe(0);
    expect(await sh(ctr, '[ x -eq 1 ]')).toEqual({
      code: 2,
      out: '',
      err: 'sh: 1: [: Illegal number: x\n',
    });
    expect((await sh(ctr, '[ 1 = 1')).err).toBe('sh: 1: [: missing ]\n');
    expect((await runIn(ctr, ['bash', '-c', '[ x -eq 1 ]'])).err).toBe(
      'bash: line 1: [: x: integer expression expected\n',
    );
  });

  it('finds programs like command -v, which and type', async () => {
    const ctr = java();
    expect(
      (await sh(ctr, 'command -v ls; command -v cd; which java; command -v nope || echo missing'))
        .out,
    ).toBe('/usr/bin/ls\ncd\n/opt/java/openjdk/bin/java\nmissing\n');
    expect((await sh(busybox(), 'which ls; type cd')).out).toBe('/bin/ls\ncd is a shell builtin\n');
  });
});

describe('programs', () => {
  it('implements every program the images list', () => {
    expect(missingPrograms()).toEqual([]);
  });

  it('echo -n, printf, pwd, cd, hostname, id, whoami, uname, date', async () => {
    const ctr = busybox();
    expect((await sh(ctr, 'echo -n a; echo b')).out).toBe('ab\n');
    expect((await sh(ctr, 'printf "%s=%03d\\n" x 7 y 8')).out).toBe('x=007\ny=008\n');
    expect((await sh(ctr, 'pwd; cd /etc; pwd; cd /nope')).out).toBe('/\n/etc\n');
    expect((await sh(ctr, 'cd /nope')).err).toBe(
      "sh: cd: can't cd to /nope: No such file or directory\n",
    );
    expect((await sh(ctr, 'hostname; id; whoami')).out).toBe(
      'web-5d7f8c9b7d-x2x4z\nuid=0(root) gid=0(root) groups=0(root)\nroot\n',
    );
    expect((await sh(ctr, 'uname; uname -a')).out).toBe(
      'Linux\nLinux web-5d7f8c9b7d-x2x4z 6.8.0-49-generic #49-Ubuntu SMP PREEMPT_DYNAMIC Mon Nov  4 02:06:24 UTC 2024 x86_64 Linux\n',
    );
    expect((await sh(ctr, 'date; date +%Y-%m-%dT%H:%M')).out).toBe(
      'Fri Nov 20 10:15:00 UTC 2026\n2026-11-20T10:15\n',
    );
  });

  it('ls lists dirs, -a, -l, and reports missing paths', async () => {
    const ctr = java();
    expect((await runIn(ctr, ['ls', '/app'])).out).toBe('app.jar\napplication.properties\n');
    const long = (await runIn(ctr, ['ls', '-l', '/app'])).out;
    expect(long).toMatch(/^total \d+\n-rw-r--r-- 1 root root 48213774 Nov 20 10:15 app.jar\n/);
    expect((await runIn(ctr, ['ls', '-a', '/root'])).out).toBe('.\n..\n');
    expect(await runIn(ctr, ['ls', '/nope'])).toEqual({
      code: 2,
      out: '',
      err: "ls: cannot access '/nope': No such file or directory\n",
    });
    expect((await runIn(ctr, ['ls', '-z'])).code).toBe(2);
  });

  it('ps shows PID 1 as the main process', async () => {
    expect((await runIn(java(), ['ps', 'aux'])).out).toMatch(
      /\nroot +1 .* java -XX:MaxRAMPercentage=75\.0 -jar \/app\/app\.jar\n/,
    );
    expect((await runIn(nginx(), ['ps', '-ef'])).out).toContain(
      'nginx: master process nginx -g daemon off;',
    );
    const bb = (await runIn(busybox(), ['ps'])).out.split('\n');
    expect(bb[0]).toBe('PID   USER     TIME  COMMAND');
    expect(bb[1]).toBe('    1 root      0:00 sh -c while true; do sleep 1; done');
  });

  it('mkdir, touch, cp, mv, rm, wc, head, tail, grep over the fake filesystem', async () => {
    const ctr = busybox();
    const r = await sh(
      ctr,
      'mkdir -p /data/a/b && touch /data/a/b/x && cp /etc/hostname /data/h && mv /data/h /data/a/ && ls /data/a && rm -r /data/a/b && ls /data/a',
    );
    expect(r).toEqual({ code: 0, out: 'b\nh\nh\n', err: '' });
    expect((await sh(ctr, 'mkdir /data')).err).toBe(
      "mkdir: can't create directory '/data': File exists\n",
    );
    expect((await sh(ctr, 'rm /nope')).err).toBe(
      "rm: can't remove '/nope': No such file or directory\n",
    );
    expect((await sh(ctr, 'rm /data')).err).toBe("rm: '/data' is a directory\n");
    expect(
      (
        await sh(
          ctr,
          'printf "x\\ny\\nz\\n" > /tmp/l; head -2 /tmp/l; tail -n 1 /tmp/l; grep -n y /tmp/l; wc -l /tmp/l',
        )
      ).out,
    ).toBe('x\ny\nz\n2:y\n3 /tmp/l\n');
    expect((await sh(ctr, 'echo x > /proc/nope')).err).toBe(
      "sh: can't create /proc/nope: Read-only file system\n",
    );
  });

  it('cat reads files and stdin', async () => {
    const ctr = nginx();
    expect((await runIn(ctr, ['cat'], { stdin: 'from stdin\n' })).out).toBe('from stdin\n');
    expect((await runIn(ctr, ['cat', '/usr/share/nginx/html/index.html'])).out).toContain(
      'Welcome to nginx!',
    );
    expect(await runIn(ctr, ['cat', '/nope'])).toEqual({
      code: 1,
      out: '',
      err: 'cat: /nope: No such file or directory\n',
    });
  });

  it('sleep waits in simulated time and validates its argument', async () => {
    const ctr = busybox();
    const term = fakeTerm();
    expect((await runIn(ctr, ['sleep', '2'], { term })).code).toBe(0);
    expect(term.slept).toBe(2000);
    expect(await runIn(ctr, ['sleep', 'x'])).toEqual({
      code: 1,
      out: '',
      err: "sleep: invalid number 'x'\n",
    });
  });

  it('stty size reflects the terminal size and needs a tty', async () => {
    const ctr = busybox();
    const term = fakeTerm({ tty: true, size: { width: 100, height: 40 } });
    const ttyIn = { ...bufferedInput(async () => null), isTty: true };
    expect((await runIn(ctr, ['stty', 'size'], { term, stdin: ttyIn })).out).toBe('40 100\n');
    expect(await runIn(java(), ['stty', 'size'])).toEqual({
      code: 1,
      out: '',
      err: "stty: 'standard input': Inappropriate ioctl for device\n",
    });
  });

  it('java and nginx answer -version / -v', async () => {
    expect((await runIn(java(), ['java', '-version'])).err).toContain('openjdk version "21.0.5"');
    expect((await runIn(nginx(), ['nginx', '-v'])).err).toBe('nginx version: nginx/1.27.3\n');
  });
});

describe('shell reading commands from stdin (exec -i … sh)', () => {
  it('runs each line and shares the rest of stdin with the commands', async () => {
    const r = await runIn(busybox(), ['sh'], {
      stdin: 'echo first\nread X\nfrom-read\necho got $X\nexit 4\necho never\n',
    });
    expect(r).toEqual({ code: 4, out: 'first\ngot from-read\n', err: '' });
  });

  it('readLine reports INTR only for terminals', async () => {
    const input = bufferedInput(async () => null);
    expect(await input.readLine()).toBeNull();
    expect(INTR).toBeTypeOf('symbol');
  });
});
