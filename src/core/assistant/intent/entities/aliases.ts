/**
 * Other words for common kinds of service and environment, English and Chinese. An alias only
 * stands for a name the workspace really has ("数据库" → db when there is a service db), and
 * never hides a real name: a service called "database" is matched as itself.
 */
export const serviceAliases: ReadonlyArray<readonly [readonly string[], readonly string[]]> = [
  [
    ['database', 'databases', '数据库', '库'],
    ['db', 'database', 'postgres', 'postgresql', 'pg', 'mysql', 'mariadb', 'mongo', 'mongodb'],
  ],
  [
    ['cache', '缓存'],
    ['cache', 'redis', 'memcached'],
  ],
  [
    ['queue', 'mq', '队列', '消息队列'],
    ['queue', 'mq', 'rabbitmq', 'rabbit', 'kafka', 'nats'],
  ],
  [
    ['gateway', 'gw', '网关'],
    ['gateway', 'gw', 'nginx', 'proxy', 'ingress'],
  ],
  [
    ['auth', '认证', '鉴权', '登录'],
    ['auth', 'login', 'sso', 'identity'],
  ],
  [
    ['frontend', 'front-end', 'website', 'site', '前端', '网站', '页面'],
    ['web', 'frontend', 'ui', 'site', 'www'],
  ],
  [
    ['backend', 'back-end', '后端', '接口'],
    ['api', 'backend', 'server'],
  ],
  [
    ['workers', '工作进程', '后台任务'],
    ['worker', 'workers', 'jobs'],
  ],
  [
    ['payment', 'billing', '支付', '付款'],
    ['payments', 'payment', 'pay', 'billing'],
  ],
];

export const environmentAliases: ReadonlyArray<readonly [readonly string[], readonly string[]]> = [
  [
    ['production', 'prod', 'prd', 'live', '生产', '线上', '正式', '生产环境', '线上环境', '正式环境'],
    ['prod', 'production', 'prd', 'live'],
  ],
  [
    ['development', 'dev', 'develop', 'local', '开发', '本地', '开发环境', '本地环境'],
    ['dev', 'development', 'local', 'develop'],
  ],
  [
    ['staging', 'stage', 'stg', 'preprod', 'pre-prod', '预发', '预发布', '预生产', '灰度', '预发环境'],
    ['staging', 'stage', 'stg', 'preprod', 'pre'],
  ],
  [
    ['test', 'testing', 'qa', '测试环境'],
    ['test', 'testing', 'qa'],
  ],
];

/** What Chinese (and a few English) words say about an alert's topic, as words of rule names. */
export const topicWords: Readonly<Record<string, string>> = {
  磁盘: 'disk',
  硬盘: 'disk',
  存储: 'disk',
  disks: 'disk',
  storage: 'disk',
  内存: 'memory',
  mem: 'memory',
  ram: 'memory',
  rss: 'memory',
  处理器: 'cpu',
  processor: 'cpu',
  延迟: 'latency',
  延时: 'latency',
  响应时间: 'latency',
  latencies: 'latency',
  证书: 'cert',
  certificate: 'cert',
  certificates: 'cert',
  certs: 'cert',
  ssl: 'cert',
  tls: 'cert',
  积压: 'backlog',
  堆积: 'backlog',
  错误: 'error',
  报错: 'error',
  errors: 'error',
  异常: 'error',
  宕机: 'down',
  挂了: 'down',
  挂: 'down',
  下线: 'down',
  不可用: 'down',
  队列: 'queue',
  网关: 'gateway',
};

/** Words of rule names that say nothing on their own ("high", "almost"). */
export const weakRuleWords: ReadonlySet<string> = new Set([
  'high',
  'low',
  'too',
  'many',
  'almost',
  'full',
  'soon',
  'is',
  'service',
  'rate',
  'usage',
  'alert',
  'warning',
  'critical',
  'big',
  'slow',
  'fast',
  'expiring',
  'burst',
  'spike',
  'near',
  'over',
  'under',
]);
