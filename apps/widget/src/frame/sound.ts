/** A short two-tone beep through WebAudio: no file to download. Created on the visitor's click (autoplay rules). */
let context: AudioContext | null = null;

export function unlockSound() {
  if (!context && typeof AudioContext !== 'undefined') context = new AudioContext();
  void context?.resume();
}

export function beep() {
  if (context?.state !== 'running') return;
  const now = context.currentTime;
  for (const [i, freq] of [880, 1320].entries()) {
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, now + i * 0.12);
    gain.gain.exponentialRampToValueAtTime(0.15, now + i * 0.12 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.12 + 0.11);
    osc.connect(gain).connect(context.destination);
    osc.start(now + i * 0.12);
    osc.stop(now + i * 0.12 + 0.12);
  }
}
