// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio_rdmaapi - character device /dev/rdmaapiN, its ioctls and the
 * sysfs attributes of /sys/class/rdmaapi/rdmaapiN.
 *
 * Each open file is one context on the host device. The ioctl forwards a
 * fixed allow-list of operations that carry no guest addresses; the
 * driver, not userspace, fills in the context handle.
 */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/kdev_t.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <rdmaapi/rdmaapi-abi.h>

#include "rdmaapi.h"

#define RDMAAPI_MAX_DEVICES	256

static dev_t rdmaapi_devt;
static DEFINE_IDA(rdmaapi_ida);

/**
 * struct rdmaapi_op - an operation userspace may call through the ioctl
 * @api: VIRTIO_RDMAAPI_API_*
 * @opcode: operation within @api
 * @req_len: exact size of the request payload (minimum if @var)
 * @resp_max: largest response payload
 * @var: the request is @req_len or more bytes (work request lists: they
 *	carry only the program's own addresses and keys, which the host
 *	checks against the context's own memory regions)
 */
struct rdmaapi_op {
	u16 api;
	u16 opcode;
	u32 req_len;
	u32 resp_max;
	bool var;
};

static const struct rdmaapi_op rdmaapi_ops[] = {
	{ VIRTIO_RDMAAPI_API_CORE, VIRTIO_RDMAAPI_CORE_QUERY_LIMITS,
	  0, sizeof(struct virtio_rdmaapi_limits_resp) },
	{ VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_QUERY_DEVICE,
	  0, sizeof(struct virtio_rdmaapi_device_attr) },
	{ VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_QUERY_PORT,
	  sizeof(struct virtio_rdmaapi_query_port_req),
	  sizeof(struct virtio_rdmaapi_port_attr) },
	{ VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_QUERY_GID,
	  sizeof(struct virtio_rdmaapi_query_gid_req),
	  sizeof(struct virtio_rdmaapi_gid) },
	{ VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_ALLOC_PD,
	  0, sizeof(struct virtio_rdmaapi_handle) },
	{ VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_DEALLOC_PD,
	  sizeof(struct virtio_rdmaapi_handle), 0 },
	{ VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_DESTROY_CQ,
	  sizeof(struct virtio_rdmaapi_handle), 0 },
	{ VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_REQ_NOTIFY_CQ,
	  sizeof(struct virtio_rdmaapi_req_notify_cq_req), 0 },
	{ VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_CREATE_QP,
	  sizeof(struct virtio_rdmaapi_create_qp_req),
	  sizeof(struct virtio_rdmaapi_create_qp_resp) },
	{ VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_MODIFY_QP,
	  sizeof(struct virtio_rdmaapi_modify_qp_req), 0 },
	{ VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_QUERY_QP,
	  sizeof(struct virtio_rdmaapi_query_qp_req),
	  sizeof(struct virtio_rdmaapi_query_qp_resp) },
	{ VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_DESTROY_QP,
	  sizeof(struct virtio_rdmaapi_handle), 0 },
	{ VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_CREATE_AH,
	  sizeof(struct virtio_rdmaapi_create_ah_req),
	  sizeof(struct virtio_rdmaapi_handle) },
	{ VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_DESTROY_AH,
	  sizeof(struct virtio_rdmaapi_handle), 0 },
	{ VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_CREATE_SRQ,
	  sizeof(struct virtio_rdmaapi_create_srq_req),
	  sizeof(struct virtio_rdmaapi_create_srq_resp) },
	{ VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_MODIFY_SRQ,
	  sizeof(struct virtio_rdmaapi_modify_srq_req), 0 },
	{ VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_QUERY_SRQ,
	  sizeof(struct virtio_rdmaapi_handle),
	  sizeof(struct virtio_rdmaapi_srq_attr) },
	{ VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_DESTROY_SRQ,
	  sizeof(struct virtio_rdmaapi_handle), 0 },
	{ VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_POST_SEND,
	  sizeof(struct virtio_rdmaapi_post_req),
	  sizeof(struct virtio_rdmaapi_post_resp), true },
	{ VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_POST_RECV,
	  sizeof(struct virtio_rdmaapi_post_req),
	  sizeof(struct virtio_rdmaapi_post_resp), true },
	{ VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_POST_SRQ_RECV,
	  sizeof(struct virtio_rdmaapi_post_req),
	  sizeof(struct virtio_rdmaapi_post_resp), true },
	{ VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_POLL_CQ,
	  sizeof(struct virtio_rdmaapi_poll_cq_req),
	  sizeof(struct virtio_rdmaapi_poll_cq_resp) },
	/*
	 * The connection manager's: handles, plain address bytes and
	 * private data. GET_EVENT goes through the CM event channel.
	 */
	{ VIRTIO_RDMAAPI_API_RDMACM, VIRTIO_RDMAAPI_RDMACM_CREATE_ID,
	  sizeof(struct virtio_rdmaapi_cm_create_id_req),
	  sizeof(struct virtio_rdmaapi_handle) },
	{ VIRTIO_RDMAAPI_API_RDMACM, VIRTIO_RDMAAPI_RDMACM_DESTROY_ID,
	  sizeof(struct virtio_rdmaapi_handle), 0 },
	{ VIRTIO_RDMAAPI_API_RDMACM, VIRTIO_RDMAAPI_RDMACM_BIND_ADDR,
	  sizeof(struct virtio_rdmaapi_cm_addr_req), 0 },
	{ VIRTIO_RDMAAPI_API_RDMACM, VIRTIO_RDMAAPI_RDMACM_RESOLVE_ADDR,
	  sizeof(struct virtio_rdmaapi_cm_addr_req), 0 },
	{ VIRTIO_RDMAAPI_API_RDMACM, VIRTIO_RDMAAPI_RDMACM_RESOLVE_ROUTE,
	  sizeof(struct virtio_rdmaapi_cm_id_req), 0 },
	{ VIRTIO_RDMAAPI_API_RDMACM, VIRTIO_RDMAAPI_RDMACM_LISTEN,
	  sizeof(struct virtio_rdmaapi_cm_id_req), 0 },
	{ VIRTIO_RDMAAPI_API_RDMACM, VIRTIO_RDMAAPI_RDMACM_CONNECT,
	  sizeof(struct virtio_rdmaapi_cm_connect_req), 0 },
	{ VIRTIO_RDMAAPI_API_RDMACM, VIRTIO_RDMAAPI_RDMACM_ACCEPT,
	  sizeof(struct virtio_rdmaapi_cm_connect_req), 0 },
	{ VIRTIO_RDMAAPI_API_RDMACM, VIRTIO_RDMAAPI_RDMACM_REJECT,
	  sizeof(struct virtio_rdmaapi_cm_connect_req), 0 },
	{ VIRTIO_RDMAAPI_API_RDMACM, VIRTIO_RDMAAPI_RDMACM_DISCONNECT,
	  sizeof(struct virtio_rdmaapi_cm_id_req), 0 },
	{ VIRTIO_RDMAAPI_API_RDMACM, VIRTIO_RDMAAPI_RDMACM_QUERY_ADDR,
	  sizeof(struct virtio_rdmaapi_cm_id_req),
	  sizeof(struct virtio_rdmaapi_cm_query_addr_resp) },
};

static const struct rdmaapi_op *rdmaapi_find_op(struct rdmaapi_dev *rdev,
						u16 api, u16 opcode)
{
	unsigned int i;

	if (api >= VIRTIO_RDMAAPI_API_MAX || !(rdev->apis & BIT(api)))
		return NULL;
	for (i = 0; i < ARRAY_SIZE(rdmaapi_ops); i++)
		if (rdmaapi_ops[i].api == api &&
		    rdmaapi_ops[i].opcode == opcode)
			return &rdmaapi_ops[i];
	return NULL;
}

static int rdmaapi_open(struct inode *inode, struct file *filp)
{
	struct rdmaapi_dev *rdev = container_of(inode->i_cdev,
						struct rdmaapi_dev, cdev);
	struct virtio_rdmaapi_create_ctx_resp resp = {};
	u32 len = sizeof(resp);
	struct rdmaapi_file *file;
	int err;

	file = kzalloc(sizeof(*file), GFP_KERNEL);
	if (!file)
		return -ENOMEM;
	xa_init_flags(&file->mrs, 0);
	xa_init_flags(&file->limbo, XA_FLAGS_ALLOC);
	xa_init_flags(&file->cqs, 0);
	spin_lock_init(&file->ev_lock);
	init_waitqueue_head(&file->ev_wq);

	err = rdmaapi_ctrl_call(rdev, VIRTIO_RDMAAPI_API_CORE,
				VIRTIO_RDMAAPI_CORE_CREATE_CTX, 0, NULL, 0,
				&resp, &len);
	if (!err && (len != sizeof(resp) || !resp.ctx))
		err = -EIO;
	if (err)
		goto err_free_file;

	file->rdev = rdev;
	file->ctx = le32_to_cpu(resp.ctx);
	err = rdmaapi_event_attach(file);
	if (err)
		goto err_destroy_ctx;
	get_device(&rdev->dev);
	filp->private_data = file;
	return nonseekable_open(inode, filp);

err_destroy_ctx:
	rdmaapi_ctrl_teardown(rdev, VIRTIO_RDMAAPI_API_CORE,
			      VIRTIO_RDMAAPI_CORE_DESTROY_CTX, file->ctx,
			      NULL, 0);
err_free_file:
	kfree(file);
	return err;
}

static int rdmaapi_release(struct inode *inode, struct file *filp)
{
	struct rdmaapi_file *file = filp->private_data;
	struct rdmaapi_dev *rdev = file->rdev;
	int err;

	rdmaapi_event_detach(file);
	/*
	 * The host destroys everything the context owns, memory regions
	 * included; if the device is gone, so is the context, and a lost
	 * one went with the reset that lost it (its handle may be another
	 * context's by now). Only then may the pages go back to the guest
	 * kernel. A device that needs a reset (-EIO) still has them until
	 * it is reset.
	 */
	err = READ_ONCE(file->lost) ? 0 :
	      rdmaapi_ctrl_teardown(rdev, VIRTIO_RDMAAPI_API_CORE,
				    VIRTIO_RDMAAPI_CORE_DESTROY_CTX, file->ctx,
				    NULL, 0);
	/* -EBADF: the host has no such context, hence none of its objects. */
	if (!err || err == -ENODEV || err == -EBADF)
		rdmaapi_mem_release(file);
	else
		dev_warn(&rdev->dev, "context %u not destroyed (%d): its pages stay pinned\n",
			 file->ctx, err);
	rdmaapi_cqs_release(file);

	put_device(&rdev->dev);
	kfree(file);
	return 0;
}

static long rdmaapi_ioctl_call(struct rdmaapi_file *file,
			       struct rdmaapi_cmd __user *ucmd)
{
	struct rdmaapi_dev *rdev = file->rdev;
	const struct rdmaapi_op *op;
	struct rdmaapi_cmd cmd;
	void *req = NULL;
	void *resp = NULL;
	u32 len;
	long ret;

	if (copy_from_user(&cmd, ucmd, sizeof(cmd)))
		return -EFAULT;
	if (cmd.reserved)
		return -EINVAL;
	op = rdmaapi_find_op(rdev, cmd.api, cmd.opcode);
	if (!op)
		return -EOPNOTSUPP;
	if (op->var ? cmd.req_len < op->req_len ||
		      cmd.req_len > RDMAAPI_MAX_PAYLOAD :
		      cmd.req_len != op->req_len)
		return -EINVAL;
	len = min(cmd.resp_len, op->resp_max);

	if (cmd.req_len) {
		req = memdup_user(u64_to_user_ptr(cmd.req), cmd.req_len);
		if (IS_ERR(req))
			return PTR_ERR(req);
	}
	if (len) {
		resp = kzalloc(len, GFP_KERNEL);
		if (!resp) {
			ret = -ENOMEM;
			goto out_free_req;
		}
	}

	ret = rdmaapi_ctrl_call(rdev, cmd.api, cmd.opcode, file->ctx,
				req, cmd.req_len, resp, &len);
	if (ret)
		goto out_free_resp;
	if (cmd.api == VIRTIO_RDMAAPI_API_VERBS &&
	    cmd.opcode == VIRTIO_RDMAAPI_VERBS_DESTROY_CQ)
		rdmaapi_cq_destroyed(file,
				     le32_to_cpu(((struct virtio_rdmaapi_handle *)req)->handle));

	if (len && copy_to_user(u64_to_user_ptr(cmd.resp), resp, len)) {
		ret = -EFAULT;
		goto out_free_resp;
	}
	if (put_user(len, &ucmd->resp_len))
		ret = -EFAULT;

out_free_resp:
	kfree(resp);
out_free_req:
	kfree(req);
	return ret;
}

static long rdmaapi_ioctl(struct file *filp, unsigned int cmd,
			  unsigned long arg)
{
	struct rdmaapi_file *file = filp->private_data;

	/* As uverbs after a device-fatal event: destroys "succeed" above. */
	if (READ_ONCE(file->lost))
		return -EIO;
	switch (cmd) {
	case RDMAAPI_IOCTL_CALL:
		return rdmaapi_ioctl_call(file, (void __user *)arg);
	case RDMAAPI_IOCTL_CREATE_COMP_CHANNEL:
		return rdmaapi_chan_create();
	case RDMAAPI_IOCTL_CREATE_CQ:
		return rdmaapi_create_cq(file, (void __user *)arg);
	case RDMAAPI_IOCTL_REG_MR:
		return rdmaapi_reg_mr(file, (void __user *)arg);
	case RDMAAPI_IOCTL_DEREG_MR:
		return rdmaapi_dereg_mr(file, (void __user *)arg);
	case RDMAAPI_IOCTL_CREATE_CM_CHANNEL:
		return rdmaapi_cm_chan_create(file, filp);
	default:
		return -ENOTTY;
	}
}

static ssize_t rdmaapi_read(struct file *filp, char __user *buf, size_t len,
			    loff_t *pos)
{
	return rdmaapi_async_read(filp->private_data, filp, buf, len);
}

static __poll_t rdmaapi_poll(struct file *filp, poll_table *wait)
{
	return rdmaapi_async_poll(filp->private_data, filp, wait);
}

static const struct file_operations rdmaapi_fops = {
	.read = rdmaapi_read,
	.poll = rdmaapi_poll,
	.owner = THIS_MODULE,
	.open = rdmaapi_open,
	.release = rdmaapi_release,
	.unlocked_ioctl = rdmaapi_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct rdmaapi_dev *to_rdmaapi_dev(struct device *dev)
{
	return container_of(dev, struct rdmaapi_dev, dev);
}

static ssize_t ibdev_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%s\n", to_rdmaapi_dev(dev)->ibdev_name);
}
static DEVICE_ATTR_RO(ibdev);

static ssize_t node_guid_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	u64 guid = be64_to_cpu(to_rdmaapi_dev(dev)->node_guid);

	/* The format of /sys/class/infiniband/<dev>/node_guid. */
	return sysfs_emit(buf, "%04x:%04x:%04x:%04x\n",
			  (u16)(guid >> 48), (u16)(guid >> 32),
			  (u16)(guid >> 16), (u16)guid);
}
static DEVICE_ATTR_RO(node_guid);

static ssize_t phys_port_cnt_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", to_rdmaapi_dev(dev)->phys_port_cnt);
}
static DEVICE_ATTR_RO(phys_port_cnt);

static ssize_t version_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%u\n", to_rdmaapi_dev(dev)->version);
}
static DEVICE_ATTR_RO(version);

static ssize_t apis_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "0x%x\n", to_rdmaapi_dev(dev)->apis);
}
static DEVICE_ATTR_RO(apis);

static struct attribute *rdmaapi_attrs[] = {
	&dev_attr_ibdev.attr,
	&dev_attr_node_guid.attr,
	&dev_attr_phys_port_cnt.attr,
	&dev_attr_version.attr,
	&dev_attr_apis.attr,
	NULL
};
ATTRIBUTE_GROUPS(rdmaapi);

/* Any user may open a context, as with /dev/infiniband/uverbsN. */
static char *rdmaapi_devnode(const struct device *dev, umode_t *mode)
{
	if (mode)
		*mode = 0666;
	return NULL;
}

static const struct class rdmaapi_class = {
	.name = "rdmaapi",
	.dev_groups = rdmaapi_groups,
	.devnode = rdmaapi_devnode,
};

static void rdmaapi_dev_release(struct device *dev)
{
	struct rdmaapi_dev *rdev = to_rdmaapi_dev(dev);

	ida_free(&rdmaapi_ida, rdev->index);
	kfree(rdev);
}

/**
 * rdmaapi_dev_alloc() - allocate the state of one device
 * @vdev: the virtio device
 *
 * The result is reference counted through its class device: release it
 * with rdmaapi_dev_put(), never kfree().
 *
 * Return: the new device, or an ERR_PTR().
 */
struct rdmaapi_dev *rdmaapi_dev_alloc(struct virtio_device *vdev)
{
	struct rdmaapi_dev *rdev;
	int index, err;

	rdev = kzalloc(sizeof(*rdev), GFP_KERNEL);
	if (!rdev)
		return ERR_PTR(-ENOMEM);

	index = ida_alloc_max(&rdmaapi_ida, RDMAAPI_MAX_DEVICES - 1,
			      GFP_KERNEL);
	if (index < 0) {
		kfree(rdev);
		return ERR_PTR(index);
	}

	rdev->index = index;
	rdev->vdev = vdev;
	rdmaapi_ctrl_init(rdev);
	xa_init_flags(&rdev->files, XA_FLAGS_LOCK_IRQ);
	spin_lock_init(&rdev->ev_lock);

	device_initialize(&rdev->dev);
	rdev->dev.class = &rdmaapi_class;
	rdev->dev.parent = &vdev->dev;
	rdev->dev.devt = MKDEV(MAJOR(rdmaapi_devt), index);
	rdev->dev.release = rdmaapi_dev_release;
	cdev_init(&rdev->cdev, &rdmaapi_fops);
	rdev->cdev.owner = THIS_MODULE;

	/* From here on, rdmaapi_dev_release() frees @rdev and its index. */
	err = dev_set_name(&rdev->dev, "rdmaapi%d", index);
	if (err) {
		put_device(&rdev->dev);
		return ERR_PTR(err);
	}
	return rdev;
}

/**
 * rdmaapi_dev_put() - drop a reference to a device
 * @rdev: the device; freed with the last reference
 */
void rdmaapi_dev_put(struct rdmaapi_dev *rdev)
{
	put_device(&rdev->dev);
}

/**
 * rdmaapi_cdev_add() - make /dev/rdmaapiN and its sysfs directory appear
 * @rdev: the device, ready to serve requests
 *
 * Return: 0 or a negative errno.
 */
int rdmaapi_cdev_add(struct rdmaapi_dev *rdev)
{
	return cdev_device_add(&rdev->cdev, &rdev->dev);
}

/**
 * rdmaapi_cdev_del() - remove /dev/rdmaapiN and its sysfs directory
 * @rdev: the device
 *
 * Files already open keep @rdev alive and fail with -ENODEV once the
 * control queue is stopped.
 */
void rdmaapi_cdev_del(struct rdmaapi_dev *rdev)
{
	cdev_device_del(&rdev->cdev, &rdev->dev);
}

/**
 * rdmaapi_cdev_init() - register the class and the char device region
 *
 * Return: 0 or a negative errno.
 */
int rdmaapi_cdev_init(void)
{
	int err;

	err = alloc_chrdev_region(&rdmaapi_devt, 0, RDMAAPI_MAX_DEVICES,
				  "rdmaapi");
	if (err)
		return err;
	err = class_register(&rdmaapi_class);
	if (err)
		goto err_unregister_region;
	return 0;

err_unregister_region:
	unregister_chrdev_region(rdmaapi_devt, RDMAAPI_MAX_DEVICES);
	return err;
}

/**
 * rdmaapi_cdev_exit() - undo rdmaapi_cdev_init()
 */
void rdmaapi_cdev_exit(void)
{
	class_unregister(&rdmaapi_class);
	unregister_chrdev_region(rdmaapi_devt, RDMAAPI_MAX_DEVICES);
}
