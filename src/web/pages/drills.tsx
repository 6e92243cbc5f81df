import type { FC, PropsWithChildren } from 'hono/jsx';
import type { DrillReport } from '../../incidents/report';
import { dateTime, duration } from '../format';

const at = (iso: string | null) => dateTime(iso);

const Section: FC<PropsWithChildren<{ zh: string; en: string; empty: boolean }>> = ({ zh, en, empty, children }) => (
  <section>
    <h2>
      {zh} <small>{en}</small>
    </h2>
    {empty ? <p class="none">无 None</p> : children}
  </section>
);

/** The after-action report page (times in Asia/Shanghai); JSON and CSV carry the same data. */
export const ReportPage: FC<{ r: DrillReport }> = ({ r }) => (
  <div class="card">
      <h1>
        演练复盘报告 <small>After-action report</small>: {r.drill.name}
      </h1>
      <dl class="facts">
        <dt>演练时间 Window</dt>
        <dd>
          {at(r.drill.starts_at)} – {at(r.drill.ends_at)} (北京时间 Asia/Shanghai)
        </dd>
        <dt>范围 Scope</dt>
        <dd>{typeof r.drill.scope === 'string' ? '全区 All units' : r.drill.scope.units.join('、')}</dd>
        <dt>告警事件 Incidents</dt>
        <dd>
          {r.summary.incidents} (已标注攻击时间 annotated: {r.summary.annotated})
        </dd>
        <dt>发现时长中位数 Median time to detect</dt>
        <dd>{duration(r.summary.median_time_to_detect_seconds)}</dd>
        <dt>最长发现时长 Longest time to detect</dt>
        <dd>{duration(r.summary.max_time_to_detect_seconds)}</dd>
      </dl>
      <p>
        <a href={`/api/drills/${r.drill.id}/report`}>JSON</a> · <a href={`/api/drills/${r.drill.id}/report.csv`}>CSV</a>
      </p>

      <Section zh="事件时间线" en="Incident timeline" empty={!r.incidents.length}>
        <table>
          <tr>
            <th>告警时间 <small>Fired</small></th>
            <th>告警 <small>Alert</small></th>
            <th>设备 <small>Device</small></th>
            <th>摘要 <small>Summary</small></th>
            <th>攻击开始 <small>Attack start</small></th>
            <th>发现时长 <small>Time to detect</small></th>
            <th>恢复 <small>Resolved</small></th>
            <th>处置时长 <small>Time to resolve</small></th>
          </tr>
          {r.incidents.map((i) => (
            <tr>
              <td>{at(i.starts_at)}</td>
              <td>
                {i.alertname} <small>{i.severity ?? ''}</small>
              </td>
              <td>{i.device ?? '—'}</td>
              <td>{i.summary}</td>
              <td>{at(i.attack_started_at)}</td>
              <td>{duration(i.time_to_detect_seconds)}</td>
              <td>{at(i.ends_at)}</td>
              <td>{duration(i.time_to_resolve_seconds)}</td>
            </tr>
          ))}
        </table>
      </Section>

      <Section zh="演练记录" en="Drill notes" empty={!r.notes.length}>
        <table>
          <tr>
            <th>时间 <small>Time</small></th>
            <th>记录人 <small>By</small></th>
            <th>内容 <small>Note</small></th>
          </tr>
          {r.notes.map((n) => (
            <tr>
              <td>{at(n.time)}</td>
              <td>{n.author}</td>
              <td>{n.text}</td>
            </tr>
          ))}
        </table>
      </Section>

      <p class="none">{r.attribution_note}</p>
      <Section zh="未知来源的 Trap" en="Traps from unknown sources" empty={!r.unknown_sources.length}>
        <table>
          <tr>
            <th>来源地址 <small>Source</small></th>
            <th>数量 <small>Traps</small></th>
            <th>其中已认证 <small>SNMPv3-authenticated</small></th>
            <th>首次 <small>First</small></th>
            <th>最后 <small>Last</small></th>
            <th>类型 <small>Traps seen</small></th>
          </tr>
          {r.unknown_sources.map((u) => (
            <tr>
              <td>{u.source}</td>
              <td>{u.traps}</td>
              <td>{u.authenticated}</td>
              <td>{at(u.first)}</td>
              <td>{at(u.last)}</td>
              <td>{u.traps_seen.join(', ')}</td>
            </tr>
          ))}
        </table>
      </Section>

      <Section zh="认证失败（按设备）" en="Authentication failures by device" empty={!r.authentication_failures.length}>
        <table>
          <tr>
            <th>设备 <small>Device</small></th>
            <th>authenticationFailure trap</th>
            <th>告警 <small>Alerts</small></th>
            <th>首次 <small>First seen</small></th>
          </tr>
          {r.authentication_failures.map((a) => (
            <tr>
              <td>{a.device}</td>
              <td>{a.auth_failure_traps}</td>
              <td>{a.alerts}</td>
              <td>{at(a.first_seen)}</td>
            </tr>
          ))}
        </table>
      </Section>

      <Section zh="告警报文（按类型）" en="Traps by type" empty={!r.traps_by_type.length}>
        <table>
          <tr>
            <th>类型 <small>Trap</small></th>
            <th>数量 <small>Traps</small></th>
            <th>首次 <small>First seen</small></th>
            <th>最后 <small>Last seen</small></th>
          </tr>
          {r.traps_by_type.map((x) => (
            <tr>
              <td>{x.trap}</td>
              <td>{x.traps}</td>
              <td>{at(x.first_seen)}</td>
              <td>{at(x.last_seen)}</td>
            </tr>
          ))}
        </table>
      </Section>

      <Section zh="被拒绝的报文（声称的来源）" en="Refused datagrams, by the source they claim" empty={!r.rejected_datagrams.length}>
        <p class="none">未经认证的报文可伪造源地址：下表只说明报文“声称来自”某地址，不代表该地址的设备发送了它。 Unauthenticated datagrams can forge their source: these are datagrams claiming a source, not acts of the device at that address.</p>
        <table>
          <tr>
            <th>声称的来源 <small>Claimed source</small></th>
            <th>该地址的设备 <small>Device at that address</small></th>
            <th>原因 <small>Reason</small></th>
            <th>数量 <small>Datagrams</small></th>
            <th>首次 <small>First</small></th>
            <th>最后 <small>Last</small></th>
          </tr>
          {r.rejected_datagrams.map((x) => (
            <tr>
              <td>{x.claimed_source}</td>
              <td>{x.address_of_device ?? '—'}</td>
              <td>{x.reason}</td>
              <td>{x.datagrams}</td>
              <td>{at(x.first_seen)}</td>
              <td>{at(x.last_seen)}</td>
            </tr>
          ))}
        </table>
      </Section>

      <Section zh="设备离线或重启" en="Devices that went down" empty={!r.devices_down.length}>
        <table>
          <tr>
            <th>设备 <small>Device</small></th>
            <th>告警 <small>Alert</small></th>
            <th>开始 <small>From</small></th>
            <th>结束 <small>Until</small></th>
            <th>持续 <small>Duration</small></th>
          </tr>
          {r.devices_down.map((x) => (
            <tr>
              <td>{x.device}</td>
              <td>{x.alertname}</td>
              <td>{at(x.starts_at)}</td>
              <td>{at(x.ends_at)}</td>
              <td>{duration(x.duration_seconds)}</td>
            </tr>
          ))}
        </table>
      </Section>

      <Section zh="配置变更" en="Configuration changes" empty={!r.configuration_changes.length}>
        <table>
          <tr>
            <th>时间 <small>Time</small></th>
            <th>设备 <small>Device</small></th>
            <th>来源 <small>Source</small></th>
            <th>类型 <small>What</small></th>
            <th>摘要 <small>Summary</small></th>
            <th>可信度 <small>Attribution</small></th>
          </tr>
          {r.configuration_changes.map((c) => (
            <tr>
              <td>{at(c.time)}</td>
              <td>{c.device || '—'}</td>
              <td>{c.source}</td>
              <td>{c.what}</td>
              <td>{c.summary}</td>
              <td>{c.attribution === 'authenticated' ? '已认证 authenticated' : c.attribution === 'unverified' ? '未验证 unverified' : c.attribution}</td>
            </tr>
          ))}
        </table>
      </Section>
      <p class="none">生成于 Generated {at(r.generated_at)}</p>
  </div>
);

/** /drills: every drill window with links to its report. */
export const DrillsPage: FC<{ drills: { id: number; name: string; starts_at: string; ends_at: string; active: boolean }[]; form: { csrf: string } | null }> = ({ drills, form }) => (
  <>
      <h1>
        攻防演练 <small>Drills</small>
      </h1>
      {drills.length ? (
        <table>
          <tr>
            <th>名称 <small>Name</small></th>
            <th>开始 <small>Start</small></th>
            <th>结束 <small>End</small></th>
            <th>状态 <small>State</small></th>
            <th>复盘报告 <small>Report</small></th>
          </tr>
          {drills.map((d) => (
            <tr>
              <td>
                <a href={`/drills/${d.id}`}>{d.name}</a>
              </td>
              <td>{at(d.starts_at)}</td>
              <td>{at(d.ends_at)}</td>
              <td>{d.active ? '进行中 active' : new Date(d.ends_at) < new Date() ? '已结束 ended' : '未开始 upcoming'}</td>
              <td>
                <a href={`/drills/${d.id}/report`}>报告 report</a>
              </td>
            </tr>
          ))}
        </table>
      ) : (
        <p class="none">尚无演练 No drills yet</p>
      )}
      {form && (
        <form method="post" action="/drills" class="card filters">
          <input type="hidden" name="_csrf" value={form.csrf} />
          <strong style="width:100%">新建演练 New drill</strong>
          <label>
            名称 Name
            <input name="name" required maxlength={128} />
          </label>
          <label>
            开始（北京时间） Start
            <input name="starts_at" type="datetime-local" required />
          </label>
          <label>
            结束（北京时间） End
            <input name="ends_at" type="datetime-local" required />
          </label>
          <label>
            说明 Notes
            <input name="notes" maxlength={10_000} />
          </label>
          <button type="submit">创建 Create</button>
        </form>
      )}
  </>
);
