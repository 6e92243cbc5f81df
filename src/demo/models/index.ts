import type { DemoDevice } from '../model';
import { ciscoC9500 } from './cisco-c9500';
import { h3cS6520 } from './h3c-s6520';
import { huaweiNe40e } from './huawei-ne40e';
import { linuxHost } from './linux-host';
import { ruijieS5750 } from './ruijie-s5750';
import { zteZxr10 } from './zte-zxr10';

/**
 * The demo fleet, one per dual-stack stage: Ruijie IPv4 only (level 0), ZTE IPv6 enabled on the uplink (1),
 * H3C addressed without IPv6 routes (2), Cisco and the Linux host in service (3), Huawei with SRv6 (4).
 */
export const demoDevices: DemoDevice[] = [huaweiNe40e, ciscoC9500, h3cS6520, zteZxr10, ruijieS5750, linuxHost];
