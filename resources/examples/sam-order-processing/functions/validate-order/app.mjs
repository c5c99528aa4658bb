// The function the ValidateOrder state invokes (deployed by `sam deploy`; Stepscope answers the
// state from mocks.json instead of running it).
export const handler = async (order) => {
  const lines = Array.isArray(order.lines) ? order.lines : [];
  if (lines.length === 0) return { valid: false, total: 0, reason: `Order ${order.orderId} has no lines` };
  const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
  return { valid: true, total, reason: null };
};
