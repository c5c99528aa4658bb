// The function the ValidateOrder state invokes (deployed by `sam deploy`; Stepscope answers the
// state from mocks.json, or with a generated lambda:invoke response that echoes the order).
export const handler = async (order) => {
  const lines = Array.isArray(order.lines) ? order.lines : [];
  const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
  return { ...order, lines, total };
};
