/** The real-agent lab: namespaces, snmpd, snmpsim, misbehaving agents, reference reads, yunet. */
export { createRouter, cleanupLab, type Router, type RouterSpec, type AddressPair } from './netns';
export { startSnmpd, type Snmpd, type SnmpdSpec } from './snmpd';
export { startSnmpsim, snmpsimDataDir, communityOf, SNMPSIM_EXAMPLES, type Snmpsim } from './snmpsim';
export { startMisbehavingAgent, type MisbehavingAgent } from './misbehaving-agent';
export { snmpBulkWalk, snmpGet, v2c, v3AuthPriv, parseToolOutput, type ToolTarget, type ToolValue } from './reference-walk';
export { parseExposition, select, one, type ParsedExposition, type TextSample } from './exposition-text';
export { startLabYunet, type LabYunet } from './yunet';
export { freeTcpPort, freeUdpPort } from './ports';
export { foregroundDaemon, pidFileDaemon, stopPid, type Daemon } from './daemon';
export { run, tryRun, waitFor, sleep } from './sh';
export { compareInterfaces } from './compare-interfaces';
export { EXPOSED_COLUMNS, LABEL_COLUMNS, IF_TABLE, IFX_TABLE } from './interface-columns';
export { startPrometheus, type Prometheus, type PromSeries } from './prometheus';
export { snmprec, hugeCounterRecording, HUGE } from './recordings';
