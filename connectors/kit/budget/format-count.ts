// How every message counts API calls and credits: grouped as the dashboard shows them ("624,998").
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return whole.format(Math.round(n));
}
