/** A mobile number as shown to its owner and written to logs: 138****0000 (the middle four hidden). */
export function maskPhone(phone: string): string {
  return phone.length >= 11 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}
