// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio_rdmaapi - guest driver for the RDMA API remoting device
 * (virtio device ID 42): probe, configuration, virtqueues, removal.
 */
#include <linux/build_bug.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <rdmaapi/rdmaapi-abi.h>
#include <rdmaapi/wire-check.h>

#include "rdmaapi.h"

/* The wire structs are the protocol: their sizes must never drift. */
static void __init rdmaapi_check_abi(void)
{
	virtio_rdmaapi_check_wire();
	BUILD_BUG_ON(sizeof(struct rdmaapi_cmd) != 32);
	BUILD_BUG_ON(sizeof(struct rdmaapi_create_cq) != 24);
	BUILD_BUG_ON(sizeof(struct rdmaapi_reg_mr) != 40);
	BUILD_BUG_ON(sizeof(struct rdmaapi_comp_event) != 16);
	BUILD_BUG_ON(sizeof(struct rdmaapi_abi_async_event) != 24);
}

static int rdmaapi_read_config(struct rdmaapi_dev *rdev)
{
	struct virtio_device *vdev = rdev->vdev;
	u32 num_queues;

	virtio_cread_le(vdev, struct virtio_rdmaapi_config, version,
			&rdev->version);
	if (rdev->version != VIRTIO_RDMAAPI_VERSION) {
		dev_err(&vdev->dev, "unsupported protocol version %u\n",
			rdev->version);
		return -ENODEV;
	}

	virtio_cread_le(vdev, struct virtio_rdmaapi_config, num_queues,
			&num_queues);
	virtio_cread_le(vdev, struct virtio_rdmaapi_config, apis, &rdev->apis);
	virtio_cread_le(vdev, struct virtio_rdmaapi_config, max_ctx,
			&rdev->max_ctx);
	virtio_cread_le(vdev, struct virtio_rdmaapi_config, max_req_len,
			&rdev->max_req_len);
	virtio_cread_le(vdev, struct virtio_rdmaapi_config, max_resp_len,
			&rdev->max_resp_len);
	virtio_cread_le(vdev, struct virtio_rdmaapi_config, phys_port_cnt,
			&rdev->phys_port_cnt);
	virtio_cread_bytes(vdev, offsetof(struct virtio_rdmaapi_config,
					  node_guid),
			   &rdev->node_guid, sizeof(rdev->node_guid));
	virtio_cread_bytes(vdev, offsetof(struct virtio_rdmaapi_config,
					  ibdev_name),
			   rdev->ibdev_name, sizeof(rdev->ibdev_name));
	rdev->ibdev_name[sizeof(rdev->ibdev_name) - 1] = '\0';

	if (num_queues < VIRTIO_RDMAAPI_NUM_VQS ||
	    !(rdev->apis & BIT(VIRTIO_RDMAAPI_API_CORE))) {
		dev_err(&vdev->dev, "bad configuration: %u queues, apis 0x%x\n",
			num_queues, rdev->apis);
		return -ENODEV;
	}
	return 0;
}

static int rdmaapi_init_vqs(struct rdmaapi_dev *rdev)
{
	struct virtqueue *vqs[VIRTIO_RDMAAPI_NUM_VQS];
	struct virtqueue_info vqs_info[VIRTIO_RDMAAPI_NUM_VQS] = {
		[VIRTIO_RDMAAPI_VQ_CTRL] = { "ctrl", rdmaapi_ctrl_done },
		[VIRTIO_RDMAAPI_VQ_EVENT] = { "event", rdmaapi_event_done },
	};
	int err;

	err = virtio_find_vqs(rdev->vdev, VIRTIO_RDMAAPI_NUM_VQS, vqs,
			      vqs_info, NULL);
	if (err)
		return err;
	rdev->ctrl_vq = vqs[VIRTIO_RDMAAPI_VQ_CTRL];
	rdev->event_vq = vqs[VIRTIO_RDMAAPI_VQ_EVENT];
	return 0;
}

/*
 * A device that broke down sets DEVICE_NEEDS_RESET and raises a
 * configuration interrupt. Reading the status may sleep on some
 * transports, so it is done here rather than in the interrupt.
 */
static void rdmaapi_config_work(struct work_struct *work)
{
	struct rdmaapi_dev *rdev = container_of(work, struct rdmaapi_dev,
						config_work);
	struct virtio_device *vdev = rdev->vdev;

	if (vdev->config->get_status(vdev) & VIRTIO_CONFIG_S_NEEDS_RESET) {
		dev_err(&rdev->dev, "device needs a reset; calls fail with -EIO until it is rebound\n");
		rdmaapi_ctrl_break(rdev);
	}
}

static void rdmaapi_config_changed(struct virtio_device *vdev)
{
	struct rdmaapi_dev *rdev = vdev->priv;

	if (rdev)
		schedule_work(&rdev->config_work);
}

static int rdmaapi_probe(struct virtio_device *vdev)
{
	struct rdmaapi_dev *rdev;
	int err;

	if (!virtio_has_feature(vdev, VIRTIO_F_VERSION_1)) {
		dev_err(&vdev->dev, "device does not offer VIRTIO_F_VERSION_1\n");
		return -ENODEV;
	}
	if (!vdev->config->get) {
		dev_err(&vdev->dev, "config access disabled\n");
		return -EINVAL;
	}

	rdev = rdmaapi_dev_alloc(vdev);
	if (IS_ERR(rdev))
		return PTR_ERR(rdev);

	err = rdmaapi_read_config(rdev);
	if (err)
		goto err_put_dev;

	INIT_WORK(&rdev->config_work, rdmaapi_config_work);
	vdev->priv = rdev;
	err = rdmaapi_init_vqs(rdev);
	if (err)
		goto err_put_dev;
	err = rdmaapi_event_start(rdev);
	if (err)
		goto err_del_vqs;

	virtio_device_ready(vdev);
	virtqueue_kick(rdev->event_vq);

	err = rdmaapi_cdev_add(rdev);
	if (err)
		goto err_del_vqs;

	dev_info(&rdev->dev, "host device %s, %u port(s), apis 0x%x\n",
		 rdev->ibdev_name, rdev->phys_port_cnt, rdev->apis);
	return 0;

err_del_vqs:
	rdmaapi_ctrl_stop(rdev);
	cancel_work_sync(&rdev->config_work);
	virtio_reset_device(vdev);
	rdmaapi_ctrl_fail_all(rdev);
	vdev->config->del_vqs(vdev);
	rdmaapi_event_stop(rdev);
err_put_dev:
	vdev->priv = NULL;
	rdmaapi_dev_put(rdev);
	return err;
}

static void rdmaapi_remove(struct virtio_device *vdev)
{
	struct rdmaapi_dev *rdev = vdev->priv;

	/* No new open(); files already open keep @rdev alive. */
	rdmaapi_cdev_del(rdev);
	/* No new request reaches the queue, no status check runs... */
	rdmaapi_ctrl_stop(rdev);
	rdmaapi_event_wake_all(rdev);
	cancel_work_sync(&rdev->config_work);
	/* ...the device lets go of every buffer and raises no interrupt... */
	virtio_reset_device(vdev);
	/* ...so what it never answered fails with -ENODEV. */
	rdmaapi_ctrl_fail_all(rdev);
	vdev->config->del_vqs(vdev);
	rdmaapi_event_stop(rdev);
	vdev->priv = NULL;
	rdmaapi_dev_put(rdev);
}

static const struct virtio_device_id rdmaapi_id_table[] = {
	{ VIRTIO_ID_RDMAAPI, VIRTIO_DEV_ANY_ID },
	{ 0 },
};
MODULE_DEVICE_TABLE(virtio, rdmaapi_id_table);

static struct virtio_driver rdmaapi_driver = {
	.driver.name = KBUILD_MODNAME,
	.id_table = rdmaapi_id_table,
	.probe = rdmaapi_probe,
	.remove = rdmaapi_remove,
	.config_changed = rdmaapi_config_changed,
};

static int __init rdmaapi_init(void)
{
	int err;

	rdmaapi_check_abi();

	err = rdmaapi_cdev_init();
	if (err)
		return err;
	err = register_virtio_driver(&rdmaapi_driver);
	if (err)
		goto err_cdev_exit;
	return 0;

err_cdev_exit:
	rdmaapi_cdev_exit();
	return err;
}

static void __exit rdmaapi_exit(void)
{
	unregister_virtio_driver(&rdmaapi_driver);
	rdmaapi_cdev_exit();
}

module_init(rdmaapi_init);
module_exit(rdmaapi_exit);

MODULE_DESCRIPTION("Guest driver for the virtio RDMA API remoting device");
MODULE_LICENSE("GPL");
