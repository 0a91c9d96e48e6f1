// The console's UI strings in English and Simplified Chinese, and the pure lookup both server and client use.

// Each screen family keeps its strings in its own catalog; the console's own are in this file.
import * as apps from './catalog/apps';
import * as deploy from './catalog/deploy';
import * as logs from './catalog/logs';
import * as terminal from './catalog/terminal';

/** Languages the console speaks; the first is the default. */
export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'en';

/** The cookie that remembers the user's choice (read on the server, written by the language switch). */
export const LANG_COOKIE = 'wharf-lang';

// English is the source of truth: its keys are the type every other language must fill.
const en = {
  'app.name': 'Wharf',
  'app.tagline': 'Self-service console for your Kubernetes platform',
  'lang.label': 'Language',
  'lang.en': 'English',
  'lang.zh': '中文',
  'login.pageTitle': 'Sign in',
  'login.heading': 'Sign in to your account',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.sso': 'Sign in with SSO',
  'login.or': 'or',
  'login.usernameRequired': 'Enter your username',
  'login.passwordRequired': 'Enter your password',
  'login.error.invalid': 'Invalid username or password',
  'login.error.rateLimited':
    'Too many failed sign-in attempts for this user. Wait a few minutes and try again.',
  'login.error.sso': 'Single sign-on failed. Try again or ask your platform team.',
  'login.error.generic': 'Sign-in failed. Try again.',
  'login.error.network': 'The console could not be reached. Check your connection and try again.',
  'auth.signedInAs': 'Signed in as {username}',
  'auth.signOut': 'Sign out',
  // console shell (components/shell, app/(console))
  'shell.skipToContent': 'Skip to main content',
  'shell.mainNav': 'Main navigation',
  'shell.home': 'Wharf home',
  'shell.overview': 'Overview',
  'shell.projects': 'Projects',
  'shell.noProjects': 'No projects to show',
  'shell.toggleNav': 'Navigation menu',
  'shell.breadcrumb': 'Breadcrumb',
  'shell.projectEnvs': 'Environments of {project}',
  'cluster.switcher': 'Cluster',
  'cluster.switcherLabel': 'Cluster: {cluster}',
  'cluster.all': 'All clusters',
  'cluster.scopeHint': 'Show projects and environments on',
  'cluster.heading': 'Clusters',
  'cluster.health.ok': 'Healthy',
  'cluster.health.unreachable': 'Unreachable',
  'cluster.version': 'Version',
  'cluster.nodes': 'Nodes',
  'cluster.nodesReady': '{ready} of {total} ready',
  'cluster.cpu': 'CPU',
  'cluster.memory': 'Memory',
  'cluster.requested': '{requested} of {allocatable} requested',
  'cluster.cores': '{n} cores',
  'cluster.noDetails': 'Node and capacity figures of this cluster are not visible to you.',
  'cluster.loadError': 'Cluster information could not be loaded. Reload to try again.',
  'cluster.none': 'No clusters are configured.',
  'cluster.pending': 'Cluster overview is not available yet.',
  'theme.label': 'Theme',
  'theme.light': 'Light',
  'theme.dark': 'Dark',
  'theme.system': 'System',
  'user.menu': 'Account',
  'user.groups': 'Groups',
  'user.noGroups': 'No groups',
  'palette.open': 'Search or jump to…',
  'palette.label': 'Command palette',
  'palette.placeholder': 'Jump to a project or environment…',
  'palette.empty': 'No results',
  'palette.navigation': 'Navigation',
  'palette.projects': 'Projects',
  'palette.environments': 'Environments',
  'palette.preferences': 'Preferences',
  'palette.theme': 'Theme: {theme}',
  'palette.language': 'Language: {lang}',
  'palette.hint': 'Press {keys} to open the command palette',
  'home.title': 'Overview',
  'home.subtitle': 'Your clusters and projects at a glance.',
  'home.projects': 'Your projects',
  'home.noProjects.title': 'You are not in any project yet',
  'home.noProjects.body':
    'Ask a project owner to add you as a member, or ask your platform team to create a project for you.',
  'home.noProjectsOnCluster': 'None of your projects has an environment on {cluster}.',
  'home.projectsError': 'Your projects could not be loaded. Reload to try again.',
  'project.environments': 'Environments',
  'project.cluster': 'Cluster',
  'project.clusters': 'Clusters',
  'project.namespace': 'Namespace',
  'project.namespaces': 'Namespaces',
  'project.createdBy': 'Created by',
  'project.createdAt': 'Created',
  'project.protected': 'Protected',
  'project.protectedHint': 'Protected environment: members have read-only access here.',
  'project.envTabs': 'Environments of {project}',
  'project.details': 'Project details',
  'pods.title': 'Pods',
  'pods.filter': 'Filter pods',
  'pods.filterPlaceholder': 'Filter by name, status, node or IP',
  'pods.col.name': 'Name',
  'pods.col.namespace': 'Namespace',
  'pods.col.status': 'Status',
  'pods.col.ready': 'Ready',
  'pods.col.restarts': 'Restarts',
  'pods.col.age': 'Age',
  'pods.col.ip': 'Pod IP',
  'pods.col.node': 'Node',
  'pods.table': 'Pods in {env}',
  'pods.total.one': '1 pod',
  'pods.total.other': '{n} pods',
  'pods.shown': '{shown} of {total} pods',
  'pods.restartsAgo': '{n} ({ago} ago)',
  'pods.loading': 'Loading pods…',
  'pods.empty': 'No pods here yet',
  'pods.emptyHint': 'Pods show up here as soon as an app is deployed.',
  'pods.noMatch': 'No pods match “{filter}”',
  'pods.clearFilter': 'Clear filter',
  'pods.error': 'Pods of {namespace} could not be loaded: {message}',
  'pods.live': 'Live',
  'pods.connecting': 'Connecting…',
  'pods.reconnecting': 'Connection lost. Reconnecting… the list may be out of date.',
  'pods.tone.ok': 'Running',
  'pods.tone.progress': 'Starting or stopping',
  'pods.tone.warning': 'Not ready',
  'pods.tone.error': 'Failing',
  'pods.tone.done': 'Completed',
  'pods.tone.unknown': 'Unknown',
  'pods.sortBy': 'Sort by {column}',
  'forbidden.code': 'Error 403',
  'forbidden.title': 'You do not have access to this project',
  'forbidden.body': 'You are not a member of project “{project}”. Ask its owner to add you.',
  'notFound.code': 'Error 404',
  'notFound.title': 'Page not found',
  'notFound.body': 'The page you asked for does not exist or has moved.',
  'notFound.project': 'There is no project named “{project}”.',
  'common.backHome': 'Back to overview',
  'common.loading': 'Loading…',
  'error.title': 'Something went wrong',
  'error.body':
    'This page could not be shown. Try again; if it keeps failing, tell your platform team.',
  'error.retry': 'Try again',
  ...apps.en,
  ...deploy.en,
  ...logs.en,
  ...terminal.en,
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

const zh: Messages = {
  'app.name': 'Wharf',
  'app.tagline': '面向 Kubernetes 平台的自助控制台',
  'lang.label': '语言',
  'lang.en': 'English',
  'lang.zh': '中文',
  'login.pageTitle': '登录',
  'login.heading': '登录您的账户',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.submitting': '正在登录…',
  'login.sso': '使用 SSO 登录',
  'login.or': '或',
  'login.usernameRequired': '请输入用户名',
  'login.passwordRequired': '请输入密码',
  'login.error.invalid': '用户名或密码错误',
  'login.error.rateLimited': '该用户登录失败次数过多，请几分钟后再试。',
  'login.error.sso': '单点登录失败，请重试或联系平台团队。',
  'login.error.generic': '登录失败，请重试。',
  'login.error.network': '无法连接控制台，请检查网络后重试。',
  'auth.signedInAs': '当前用户：{username}',
  'auth.signOut': '退出登录',
  'shell.skipToContent': '跳到主要内容',
  'shell.mainNav': '主导航',
  'shell.home': 'Wharf 首页',
  'shell.overview': '概览',
  'shell.projects': '项目',
  'shell.noProjects': '暂无可显示的项目',
  'shell.toggleNav': '导航菜单',
  'shell.breadcrumb': '面包屑导航',
  'shell.projectEnvs': '{project} 的环境',
  'cluster.switcher': '集群',
  'cluster.switcherLabel': '集群：{cluster}',
  'cluster.all': '全部集群',
  'cluster.scopeHint': '显示所在集群的项目和环境',
  'cluster.heading': '集群',
  'cluster.health.ok': '健康',
  'cluster.health.unreachable': '无法连接',
  'cluster.version': '版本',
  'cluster.nodes': '节点',
  'cluster.nodesReady': '{ready}/{total} 就绪',
  'cluster.cpu': 'CPU',
  'cluster.memory': '内存',
  'cluster.requested': '已请求 {requested}，可分配 {allocatable}',
  'cluster.cores': '{n} 核',
  'cluster.noDetails': '您无权查看此集群的节点和容量数据。',
  'cluster.loadError': '无法加载集群信息，请刷新重试。',
  'cluster.none': '尚未配置集群。',
  'cluster.pending': '集群概览暂不可用。',
  'theme.label': '主题',
  'theme.light': '浅色',
  'theme.dark': '深色',
  'theme.system': '跟随系统',
  'user.menu': '账户',
  'user.groups': '用户组',
  'user.noGroups': '无用户组',
  'palette.open': '搜索或跳转到…',
  'palette.label': '命令面板',
  'palette.placeholder': '跳转到项目或环境…',
  'palette.empty': '无匹配结果',
  'palette.navigation': '导航',
  'palette.projects': '项目',
  'palette.environments': '环境',
  'palette.preferences': '偏好设置',
  'palette.theme': '主题：{theme}',
  'palette.language': '语言：{lang}',
  'palette.hint': '按 {keys} 打开命令面板',
  'home.title': '概览',
  'home.subtitle': '集群与项目一览。',
  'home.projects': '我的项目',
  'home.noProjects.title': '您还没有加入任何项目',
  'home.noProjects.body': '请联系项目负责人将您添加为成员，或请平台团队为您创建项目。',
  'home.noProjectsOnCluster': '您的项目在 {cluster} 上没有环境。',
  'home.projectsError': '无法加载您的项目，请刷新重试。',
  'project.environments': '环境',
  'project.cluster': '集群',
  'project.clusters': '集群',
  'project.namespace': '命名空间',
  'project.namespaces': '命名空间',
  'project.createdBy': '创建者',
  'project.createdAt': '创建时间',
  'project.protected': '受保护',
  'project.protectedHint': '受保护环境：成员在此仅有只读权限。',
  'project.envTabs': '{project} 的环境',
  'project.details': '项目信息',
  'pods.title': '容器组',
  'pods.filter': '筛选容器组',
  'pods.filterPlaceholder': '按名称、状态、节点或 IP 筛选',
  'pods.col.name': '名称',
  'pods.col.namespace': '命名空间',
  'pods.col.status': '状态',
  'pods.col.ready': '就绪',
  'pods.col.restarts': '重启次数',
  'pods.col.age': '存在时长',
  'pods.col.ip': 'Pod IP',
  'pods.col.node': '节点',
  'pods.table': '{env} 环境的容器组',
  'pods.total.one': '1 个容器组',
  'pods.total.other': '{n} 个容器组',
  'pods.shown': '显示 {shown} 个，共 {total} 个容器组',
  'pods.restartsAgo': '{n}（{ago}前）',
  'pods.loading': '正在加载容器组…',
  'pods.empty': '这里还没有容器组',
  'pods.emptyHint': '应用部署后，容器组会立即显示在这里。',
  'pods.noMatch': '没有与“{filter}”匹配的容器组',
  'pods.clearFilter': '清除筛选',
  'pods.error': '无法加载 {namespace} 的容器组：{message}',
  'pods.live': '实时',
  'pods.connecting': '正在连接…',
  'pods.reconnecting': '连接已断开，正在重新连接…列表可能不是最新的。',
  'pods.tone.ok': '运行中',
  'pods.tone.progress': '启动或停止中',
  'pods.tone.warning': '未就绪',
  'pods.tone.error': '异常',
  'pods.tone.done': '已完成',
  'pods.tone.unknown': '未知',
  'pods.sortBy': '按{column}排序',
  'forbidden.code': '错误 403',
  'forbidden.title': '您无权访问此项目',
  'forbidden.body': '您不是项目“{project}”的成员。请联系项目负责人将您添加为成员。',
  'notFound.code': '错误 404',
  'notFound.title': '页面不存在',
  'notFound.body': '您访问的页面不存在或已被移动。',
  'notFound.project': '不存在名为“{project}”的项目。',
  'common.backHome': '返回概览',
  'common.loading': '加载中…',
  'error.title': '出错了',
  'error.body': '此页面无法显示。请重试；如果仍然失败，请联系平台团队。',
  'error.retry': '重试',
  ...apps.zh,
  ...deploy.zh,
  ...logs.zh,
  ...terminal.zh,
};

export const MESSAGES: Record<Lang, Messages> = { en, zh };

export type TranslationVars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: TranslationVars) => string;

/** The message for `key` in `lang`, with `{name}` placeholders filled from `vars` (unknown ones kept). */
export function translate(lang: Lang, key: MessageKey, vars?: TranslationVars): string {
  const text = MESSAGES[lang][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

/** A `t(key)` bound to one language. */
export function translator(lang: Lang): Translate {
  return (key, vars) => translate(lang, key, vars);
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/**
 * The language from the cookie if it names one we speak, else the first Accept-Language entry we
 * speak (`zh-CN`, `zh-Hans` → `zh`), else English.
 */
export function resolveLang(
  cookie: string | undefined | null,
  acceptLanguage?: string | null,
): Lang {
  if (isLang(cookie)) return cookie;
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .map((part) => {
        const [tag = '', ...params] = part.trim().split(';');
        const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
        const weight = q ? Number(q.slice(2)) : 1;
        return { base: tag.trim().toLowerCase().split('-')[0] ?? '', weight };
      })
      .filter((e) => e.base !== '' && Number.isFinite(e.weight) && e.weight > 0)
      .sort((a, b) => b.weight - a.weight);
    for (const entry of ranked) if (isLang(entry.base)) return entry.base;
  }
  return DEFAULT_LANG;
}
