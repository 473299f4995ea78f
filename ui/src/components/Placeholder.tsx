import { Empty, Typography } from 'antd';

/** A calm empty state for pages that other parts of the app will fill. */
export default function Placeholder({ title, hint, testId }: { title: string; hint: string; testId: string }) {
  return (
    <div className="page-placeholder" data-testid={testId}>
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <>
            <Typography.Title level={5} style={{ marginBottom: 4 }}>
              {title}
            </Typography.Title>
            <Typography.Text type="secondary">{hint}</Typography.Text>
          </>
        }
      />
    </div>
  );
}
