// The app's media dependencies are stated where they are installed: WebKitGTK plays audio and
// video through GStreamer, and a phone's call recordings (AAC in M4A, AMR) need the libav
// plugins. The .deb depends on them and the setup script installs them.

import { describe, expect, it } from 'vitest';
import conf from '../../tauri.conf.json';
import setup from '../../scripts/setup.sh?raw';

describe('media dependencies', () => {
  it('are in the .deb depends', () => {
    const bundle = conf.bundle as { linux?: { deb?: { depends?: string[] } } };
    expect(bundle.linux?.deb?.depends).toEqual(expect.arrayContaining(['gstreamer1.0-libav', 'gstreamer1.0-plugins-good']));
  });

  it('are installed by scripts/setup.sh', () => {
    const list = /APT_PACKAGES=\(([\s\S]*?)\n\)/.exec(setup)?.[1] ?? '';
    const packages = list
      .split('\n')
      .filter((line) => !line.trim().startsWith('#'))
      .flatMap((line) => line.trim().split(/\s+/));
    expect(packages).toEqual(expect.arrayContaining(['gstreamer1.0-libav', 'gstreamer1.0-plugins-good']));
  });
});
